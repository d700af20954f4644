import { DurableObject } from "cloudflare:workers";

// Written for hibernation, but the socket is accepted the standard way:
// the handlers below never run for it.
export class Room extends DurableObject {
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept(); // want `server.accept\(\) in Durable Object Room: the class's webSocketMessage, webSocketClose and webSocketError never run for this socket, because the runtime calls them only for sockets accepted with acceptWebSocket\(\), and the object cannot hibernate .*; use this.ctx.acceptWebSocket\(server\)`
    return new Response(null, { status: 101, webSocket: client });
  }

  webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
    ws.send(message);
  }

  webSocketClose(ws: WebSocket, code: number, reason: string) {
    ws.close(code, reason);
  }

  webSocketError(ws: WebSocket) {
    ws.close(1011, "error");
  }
}

// One handler, and a listener that cannot move into it.
export class Feed extends DurableObject {
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept(); // want `server.accept\(\) in Durable Object Feed: the class's webSocketClose never run for this socket`
    server.addEventListener("close", (event) => console.log(event.code));
    return new Response(null, { status: 101, webSocket: client });
  }

  webSocketClose(ws: WebSocket, code: number) {
    console.log("closed", code);
  }
}

// No handler at all: the general message.
export class Plain extends DurableObject {
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept(); // want `server.accept\(\) in Durable Object Plain: webSocketMessage/webSocketClose handlers never fire`
    return new Response(null, { status: 101, webSocket: client });
  }

  // A static method of that name is not a handler.
  static webSocketMessage() {}
}

export default { fetch: () => new Response("ok") };
