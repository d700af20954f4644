import { DurableObject } from "cloudflare:workers";

export class Room extends DurableObject {
  async webSocketClose(ws: WebSocket, code: number, reason: string) { // want `never calls ws.close`
    console.log(code, reason);
  }
}

export default { fetch: () => new Response("ok") };
