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

// A listener that forwards to the handler: webSocketMessage does run for
// this socket, only without hibernation.
export class Forwarder extends DurableObject {
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept(); // want `server.accept\(\) in Durable Object Forwarder: the object cannot hibernate while the socket is open \(billed duration\), though its listeners call the class's handlers; use this.ctx.acceptWebSocket\(server\)`
    server.addEventListener("message", (event) => this.webSocketMessage(server, event.data));
    return new Response(null, { status: 101, webSocket: client });
  }

  webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
    ws.send(message);
  }
}

export default { fetch: () => new Response("ok") };
