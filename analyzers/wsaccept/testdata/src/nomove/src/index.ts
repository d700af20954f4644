import { DurableObject } from "cloudflare:workers";

// The listener captures a local of fetch(): it cannot become a method as is.
export class Captures extends DurableObject {
  async fetch(req: Request) {
    const name = new URL(req.url).searchParams.get("name");
    const [client, server] = Object.values(new WebSocketPair());
    server.accept(); // want `server.accept\(\) in Durable Object Captures: .*, and move the socket.s event listeners into webSocketMessage/webSocketClose/webSocketError methods`
    server.addEventListener("message", (event) => {
      server.send(name + ": " + event.data);
    });
    return new Response(null, { status: 101, webSocket: client });
  }
}

// The class already has the handler the listener would move into.
export class HasHandler extends DurableObject {
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept(); // want `server.accept\(\) in Durable Object HasHandler`
    server.addEventListener("message", (event) => console.log(event.data));
    return new Response(null, { status: 101, webSocket: client });
  }
  webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
    ws.send(message);
  }
}

// on<event> properties are not rewritten.
export class Props extends DurableObject {
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept(); // want `server.accept\(\) in Durable Object Props`
    server.onmessage = (event) => console.log(event.data);
    return new Response(null, { status: 101, webSocket: client });
  }
}

// The event is used as a whole, or a property no parameter stands for.
export class EventUse extends DurableObject {
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept(); // want `server.accept\(\) in Durable Object EventUse`
    server.addEventListener("message", (event) => console.log(event.type));
    server.addEventListener("close", (event) => this.log(event));
    return new Response(null, { status: 101, webSocket: client });
  }
  log(e: unknown) {
    console.log(e);
  }
}

export default { fetch: () => new Response("ok") };
