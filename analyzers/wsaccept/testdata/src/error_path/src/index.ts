import { DurableObject } from "cloudflare:workers";

// Error paths accept only to tell the client why, then close at once: the
// socket holds nothing open and no event of it is ever handled.
export class Gate extends DurableObject {
  async fetch(req: Request) {
    const [client, server] = Object.values(new WebSocketPair());
    if (!req.headers.get("Authorization")) {
      server.accept();
      server.send(JSON.stringify({ error: "unauthorized" }));
      server.close(1008, "unauthorized");
      return new Response(null, { status: 101, webSocket: client });
    }
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }
}

export class Full extends DurableObject {
  async fetch() {
    const pair = new WebSocketPair();
    pair[1].accept();
    console.error("room full");
    pair[1].close(1013, "room full");
    return new Response(null, { status: 101, webSocket: pair[0] });
  }
}

// The socket stays open while the reason is awaited.
export class Slow extends DurableObject {
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept(); // want `server.accept\(\) in Durable Object Slow`
    server.send(await this.reason());
    server.close(1011, "error");
    return new Response(null, { status: 101, webSocket: client });
  }

  async reason() {
    return "error";
  }
}

// Closed on one branch only.
export class Maybe extends DurableObject {
  async fetch(req: Request) {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept(); // want `server.accept\(\) in Durable Object Maybe`
    if (!req.headers.get("Authorization")) server.close(1008, "unauthorized");
    return new Response(null, { status: 101, webSocket: client });
  }
}

export default { fetch: () => new Response("ok") };
