import { DurableObject } from "cloudflare:workers";
import { Server } from "partyserver";

export class Silent extends DurableObject {
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }
  async webSocketClose(ws: WebSocket, code: number, reason: string, wasClean: boolean) { // want `webSocketClose\(\) never calls ws.close\(\): the runtime sends no Close frame back for a hibernatable WebSocket at any compatibility date \("web_socket_auto_reply_to_close", from 2026-04-07, covers only sockets accepted with ws.accept\(\)\), so the client's close handshake never completes; reply with ws.close\(code, reason\)`
    console.log("closed", code, reason, wasClean);
  }
}

export class NoParams extends DurableObject {
  async webSocketClose(socket: WebSocket) { // want `never calls socket.close\(\)`
    this.ctx.storage.put("closedAt", Date.now());
  }
}

export class Underscored extends DurableObject {
  webSocketClose(ws: WebSocket, _code: number, _reason: string) { // want `never calls ws.close\(\)`
  }
}

// A return before the end: the reply is not appended (no fix).
export class EarlyReturn extends DurableObject {
  async webSocketClose(ws: WebSocket, code: number) { // want `never calls ws.close\(\)`
    if (code === 4000) {
      return;
    }
    console.log(code);
  }
}

// Bookkeeping calls that receive the socket do not close it.
export class Bookkeeping extends DurableObject {
  sessions = new Map<WebSocket, string>();
  async webSocketClose(ws: WebSocket, code: number, reason: string) { // want `never calls ws.close\(\)`
    const tags = this.ctx.getTags(ws);
    this.sessions.delete(ws);
    console.log(tags, code, reason);
  }
}

// Nearest negatives.
export class Echo extends DurableObject {
  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    ws.close(code, reason);
  }
}

export class Helper extends DurableObject {
  async webSocketClose(ws: WebSocket, code: number) {
    this.shutdown(code);
  }
  shutdown(code: number) {
    for (const s of this.ctx.getWebSockets()) s.close(code);
  }
}

export class PassesWs extends DurableObject {
  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    await this.cleanup(ws, code, reason);
  }
  async cleanup(ws: WebSocket, code: number, reason: string) {
    console.log(ws, code, reason);
  }
}

class Base extends DurableObject {
  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    ws.close(code, reason);
  }
}

export class Super extends Base {
  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    console.log("bye");
    await super.webSocketClose(ws, code, reason);
  }
}

export class ClosesAll extends DurableObject {
  async webSocketClose(ws: WebSocket) {
    this.ctx.getWebSockets().forEach((s) => s.close(1000, "room closed"));
  }
}

// The library answers the close.
export class Party extends Server {
  async webSocketClose(ws: WebSocket) {
    console.log("closed");
  }
}

export class OneLine extends DurableObject {
  webSocketClose(ws: WebSocket) {} // want `never calls ws.close\(\)`
}

export class Arrow extends DurableObject {
  webSocketClose = async (ws: WebSocket, code: number, reason: string) => { // want `never calls ws.close\(\)`
    console.log(code, reason);
  };
}

// The body already names code: no fix that would add a parameter of that name.
const code = 4001;
export class Shadow extends DurableObject {
  webSocketClose(ws: WebSocket) { // want `never calls ws.close\(\)`
    console.log(code);
  }
}

export default { fetch: () => new Response("ok") };
