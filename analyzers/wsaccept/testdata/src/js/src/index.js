import { DurableObject } from "cloudflare:workers";

export class Room extends DurableObject {
  async fetch(request) {
    const { 0: client, 1: server } = new WebSocketPair();
    server.addEventListener("message", async (e) => this.broadcast(e.data));
    server.addEventListener("close", function (e) {
      console.log("closed", e.code, e.wasClean);
    });
    server.accept(); // want `server.accept\(\) in Durable Object Room`
    return new Response(null, { status: 101, webSocket: client });
  }

  broadcast(message) {
    for (const ws of this.ctx.getWebSockets()) ws.send(message);
  }
}

export default { fetch: () => new Response("ok") };
