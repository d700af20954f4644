import { DurableObject } from "cloudflare:workers";

export class Room extends DurableObject {
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }
  async webSocketClose(ws: WebSocket, code: number, reason: string) { // want `never calls ws.close`
    console.log(code, reason);
  }
}

export default { fetch: () => new Response("ok") };
