import { DurableObject } from "cloudflare:workers";

type Session = { name: string; joined: number };

export class Room extends DurableObject {
  sessions = new Map<WebSocket, Session>();

  async fetch(req: Request) {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    this.sessions.set(server, { name: new URL(req.url).searchParams.get("name") ?? "anon", joined: Date.now() });
    return new Response(null, { status: 101, webSocket: client });
  }

  webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
    const session = this.sessions.get(ws); // want `this.sessions is filled in fetch\(\) and read in webSocketMessage\(\)`
    ws.send(`${session?.name}: ${message}`);
  }

  webSocketClose(ws: WebSocket, code: number, reason: string) {
    this.sessions.delete(ws);
    ws.close(code, reason);
  }
}

// Legacy form: the Map is made in the constructor.
export class Hall {
  state: DurableObjectState;
  users: Map<WebSocket, string>;
  constructor(state: DurableObjectState) {
    this.state = state;
    this.users = new Map();
  }
  async fetch() {
    const { 0: client, 1: server } = new WebSocketPair();
    this.state.acceptWebSocket(server);
    this.users.set(server, "guest");
    return new Response(null, { status: 101, webSocket: client });
  }
  webSocketMessage(ws: WebSocket, message: string) {
    ws.send(this.users.get(ws) + " said " + message); // want `this.users is filled in fetch\(\) and read in webSocketMessage\(\)`
  }
}

// Counting the Map's entries needs every socket: no fix.
export class Sized extends DurableObject {
  sessions = new Map<WebSocket, string>();
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    this.sessions.set(server, "x");
    return new Response(null, { status: 101, webSocket: client });
  }
  webSocketMessage(ws: WebSocket) {
    ws.send(String(this.sessions.size)); // want `this.sessions is filled in fetch\(\)`
  }
}

export default { fetch: () => new Response("ok") };

// The session object is changed in place: a copy from the attachment
// would lose the change, so no fix.
export class Tally extends DurableObject {
  sessions = new Map<WebSocket, { sent: number }>();
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    this.sessions.set(server, { sent: 0 });
    return new Response(null, { status: 101, webSocket: client });
  }
  webSocketMessage(ws: WebSocket) {
    const s = this.sessions.get(ws); // want `this.sessions is filled in fetch\(\)`
    if (s) s.sent++;
    ws.send(String(s?.sent));
  }
}

// The socket already carries an attachment the fix would overwrite.
export class Tagged extends DurableObject {
  names = new Map<WebSocket, string>();
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ joined: 1 });
    this.names.set(server, "guest");
    return new Response(null, { status: 101, webSocket: client });
  }
  webSocketMessage(ws: WebSocket) {
    ws.send(this.names.get(ws) ?? ""); // want `this.names is filled in fetch\(\)`
  }
}
