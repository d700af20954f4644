import { DurableObject } from "cloudflare:workers";

// A legacy class that hands its end of the pair to a helper method, which
// accepts it: the classic chat-room layout.
export class Room {
  constructor(state, env) {
    this.storage = state.storage;
    this.sessions = [];
  }

  async fetch(request) {
    const pair = new WebSocketPair();
    await this.handleSession(pair[1], request.headers.get("CF-Connecting-IP"));
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  async handleSession(webSocket, ip) {
    webSocket.accept(); // want `webSocket.accept\(\) in Durable Object Room: .*use this.state.acceptWebSocket\(webSocket\), keeping the constructor's DurableObjectState in this.state`
    this.sessions.push({ webSocket, ip });
    this.track(webSocket);
  }

  // Two calls deep.
  track(sock) {
    sock.accept(); // want `sock.accept\(\) in Durable Object Room`
  }

  // Not an end of a pair: a socket from elsewhere is left alone.
  relay(other) {
    other.accept();
  }

  async forward(request) {
    const res = await fetch(request);
    this.relay(res.webSocket);
    return res;
  }
}

export class Modern extends DurableObject {
  fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.attach("room", server);
    return new Response(null, { status: 101, webSocket: client });
  }

  attach(tag, ws) {
    ws.accept(); // want `ws.accept\(\) in Durable Object Modern: .*use this.ctx.acceptWebSocket\(ws\)$`
  }
}

export default {
  fetch(request, env) {
    return env.rooms.get(env.rooms.idFromName("a")).fetch(request);
  },
};
