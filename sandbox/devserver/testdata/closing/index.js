// A Durable Object that records the close events of its sockets and closes
// them only when asked over HTTP, so that a test can tell a Close the
// runtime answered from one the Worker answered. The test writes the
// wrangler.jsonc next to this file with the compatibility date and flags of
// each case.
import { DurableObject } from "cloudflare:workers";

export class Room extends DurableObject {
  async fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === "/closes") {
      return Response.json((await this.ctx.storage.get("closes")) ?? []);
    }
    if (path === "/release") {
      // getWebSockets() no longer lists a socket whose close event has
      // run, so the sockets are held in memory.
      for (const ws of this.held ?? []) ws.close(4002, "worker bye");
      return new Response("released");
    }
    const [client, server] = Object.values(new WebSocketPair());
    if (path === "/accept") {
      server.accept();
      this.hold(server);
      server.addEventListener("message", (e) => server.send("echo:" + e.data));
      server.addEventListener("close", (e) => this.record("accept", e.code, e.reason));
    } else {
      this.ctx.acceptWebSocket(server);
    }
    return new Response(null, { status: 101, webSocket: client });
  }

  webSocketMessage(ws, message) {
    ws.send("echo:" + message);
  }

  async webSocketClose(ws, code, reason) {
    this.hold(ws);
    await this.record("hibernatable", code, reason);
  }

  hold(ws) {
    (this.held ??= []).push(ws);
  }

  async record(kind, code, reason) {
    const closes = (await this.ctx.storage.get("closes")) ?? [];
    closes.push({ kind, code, reason });
    await this.ctx.storage.put("closes", closes);
  }
}

export default {
  fetch(request, env) {
    return env.ROOM.get(env.ROOM.idFromName("room")).fetch(request);
  },
};
