import { DurableObject } from "cloudflare:workers";

const PREFIX = "echo: ";

export class Room extends DurableObject {
  count = 0;

  async fetch(req: Request) {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept(); // want `server.accept\(\) in Durable Object Room: webSocketMessage/webSocketClose handlers never fire and the object cannot hibernate while the socket is open \(billed duration\); use this.ctx.acceptWebSocket\(server\)`
    this.count++;
    server.addEventListener("message", (event: MessageEvent) => {
      server.send(PREFIX + event.data);
    });
    server.addEventListener("close", async (evt) => {
      this.count--;
      server.close(evt.code, evt.reason);
    });
    server.addEventListener("error", () => console.log("socket error"));
    return new Response(null, { status: 101, webSocket: client });
  }
}

export class Lobby extends DurableObject {
  async fetch(req: Request) {
    const pair = new WebSocketPair();
    const { 0: client, 1: server } = pair;
    server.accept(); // want `server.accept\(\) in Durable Object Lobby`
    return new Response(null, { status: 101, webSocket: client });
  }

  async join() {
    const pair = new WebSocketPair();
    pair[1].accept(); // want `pair\[1\].accept\(\) in Durable Object Lobby: .*use this.ctx.acceptWebSocket\(pair\[1\]\)`
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  async values() {
    const pair = new WebSocketPair();
    const [client, server] = Object.values(pair);
    const end = pair[1];
    end.accept(); // want `end.accept\(\) in Durable Object Lobby`
    return [client, server];
  }
}

// The legacy form keeps the state in a field of its own.
export class Legacy {
  state: DurableObjectState;
  constructor(state: DurableObjectState) {
    this.state = state;
  }
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept(); // want `use this.state.acceptWebSocket\(server\)`
    return new Response(null, { status: 101, webSocket: client });
  }
}

export class Relay extends DurableObject {
  // An outbound connection must be accepted with accept().
  async connect(url: string) {
    const resp = await fetch(url, { headers: { Upgrade: "websocket" } });
    const ws = resp.webSocket!;
    ws.accept();
    resp.webSocket?.accept();
    // server.accept() in a comment is not code, nor is "server.accept()" in a string.
    return "server.accept()";
  }

  async fine() {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }
}

// Not a Durable Object: a Worker accepts with accept(), there is nothing else.
export class Proxy {
  handle() {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    return client;
  }
}

export default {
  fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    return new Response(null, { status: 101, webSocket: client });
  },
};
