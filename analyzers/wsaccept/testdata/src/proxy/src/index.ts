import { DurableObject } from "cloudflare:workers";

// A relay between the client and an upstream socket: the upstream end keeps
// the object in memory while the pair is open, whatever accepts the client.
export class Gateway extends DurableObject {
  async fetch(request: Request) {
    const upstream = await fetch("https://backend.example/ws", { headers: { Upgrade: "websocket" } });
    const remote = upstream.webSocket;
    if (!remote) return new Response("no upgrade", { status: 502 });
    const [client, server] = Object.values(new WebSocketPair());
    remote.accept();
    server.accept();
    server.addEventListener("message", (e) => remote.send(e.data));
    remote.addEventListener("message", (e) => server.send(e.data));
    return new Response(null, { status: 101, webSocket: client });
  }
}

// The same relay shape without an upstream socket still holds the object
// only because of accept().
export class Echo extends DurableObject {
  async fetch(request: Request) {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept(); // want `server.accept\(\) in Durable Object Echo: webSocketMessage/webSocketClose handlers never fire`
    server.addEventListener("message", (e) => server.send(e.data));
    return new Response(null, { status: 101, webSocket: client });
  }
}

export default { fetch: () => new Response("ok") };
