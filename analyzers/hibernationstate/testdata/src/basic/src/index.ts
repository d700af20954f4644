import { DurableObject } from "cloudflare:workers";

// A counter bumped by the handler itself starts again from 0 after
// hibernation.
export class Counter extends DurableObject {
  count = 0;
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }
  webSocketMessage(ws: WebSocket) {
    this.count++; // want `this.count is changed in webSocketMessage\(\) and changed in webSocketMessage\(\), but Counter accepts hibernatable WebSockets: once the object hibernates \(workerd evicts it after about 10 s without events and keeps the sockets\), the next message runs the constructor again and this.count is back to its initial value while the sockets are still connected \(observed\)`
    ws.send(String(this.count));
  }
}

// Sessions filled in fetch and read through a helper the handler calls;
// the name set in fetch is lost too. Neither has the simple Map shape,
// so no fix.
export class Lobby extends DurableObject {
  sessions: Map<WebSocket, string> = new Map();
  room?: string;
  async fetch(req: Request) {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    this.room = new URL(req.url).pathname;
    this.sessions.set(server, "anon");
    return new Response(null, { status: 101, webSocket: client });
  }
  webSocketMessage(ws: WebSocket, msg: string) {
    this.broadcast(`${this.room}: ${msg}`); // want `this.room is set in fetch\(\) and read in webSocketMessage\(\)`
  }
  broadcast(text: string) {
    for (const [ws] of this.sessions) ws.send(text); // want `this.sessions is filled in fetch\(\) and read in broadcast\(\) \(called from webSocketMessage\(\)\), .*this.sessions is empty`
  }
  webSocketClose(ws: WebSocket) {
    // Deleting depends on nothing that hibernation lost.
    this.sessions.delete(ws);
  }
}

// The constructor restores the sessions from the sockets that survived.
export class Restored extends DurableObject {
  sessions = new Map<WebSocket, unknown>();
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    for (const ws of ctx.getWebSockets()) {
      this.sessions.set(ws, ws.deserializeAttachment());
    }
  }
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    this.sessions.set(server, {});
    return new Response(null, { status: 101, webSocket: client });
  }
  webSocketMessage(ws: WebSocket) {
    ws.send(String(this.sessions.size));
  }
}

// The handler reloads the value before it uses it.
export class Lazy extends DurableObject {
  topic?: string;
  async fetch(req: Request) {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    this.topic = new URL(req.url).pathname;
    await this.ctx.storage.put("topic", this.topic);
    return new Response(null, { status: 101, webSocket: client });
  }
  async webSocketMessage(ws: WebSocket) {
    this.topic ??= await this.ctx.storage.get<string>("topic");
    ws.send(this.topic ?? "");
  }
}

// Sockets accepted with accept() are not hibernatable: the object stays
// in memory (wsaccept reports the accept).
export class Plain extends DurableObject {
  count = 0;
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener("message", () => server.send(String(++this.count)));
    return new Response(null, { status: 101, webSocket: client });
  }
  webSocketMessage() {
    this.count++;
  }
}

// A running interval keeps the object from hibernating.
export class Ticker extends DurableObject {
  ticks = 0;
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    setInterval(() => this.ticks++, 1000);
    return new Response(null, { status: 101, webSocket: client });
  }
  webSocketMessage(ws: WebSocket) {
    ws.send(String(this.ticks));
  }
}

// Set and read in the same handler call: nothing carries over.
export class Local extends DurableObject {
  last = "";
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }
  webSocketMessage(ws: WebSocket, msg: string) {
    this.last = msg;
    ws.send(this.last);
  }
  // Written by RPC, read by nobody woken by a socket.
  hits = 0;
  hit() {
    return ++this.hits;
  }
}

// State kept in attachments and storage is what survives.
export class Attached extends DurableObject {
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ joined: Date.now() });
    return new Response(null, { status: 101, webSocket: client });
  }
  async webSocketMessage(ws: WebSocket) {
    const n = ((await this.ctx.storage.get<number>("n")) ?? 0) + 1;
    await this.ctx.storage.put("n", n);
    ws.send(JSON.stringify({ n, at: ws.deserializeAttachment() }));
  }
}

export default { fetch: () => new Response("ok") };

// Filled and read by the socket's own events: who is typing lives from
// message to message, and a registry refilled on every message needs no
// restoring.
export class Typing extends DurableObject {
  typing = new Map<string, number>();
  byId = new Map<string, WebSocket>();
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server, ["user"]);
    return new Response(null, { status: 101, webSocket: client });
  }
  webSocketMessage(ws: WebSocket, msg: string) {
    this.byId.set(msg, ws);
    this.typing.set(msg, Date.now());
    this.broadcast();
  }
  broadcast() {
    for (const [id] of this.typing) this.byId.get(id)?.send(id);
  }
}

// Restored by a method the constructor hands to blockConcurrencyWhile.
export class Doc extends DurableObject {
  sessions = new Map<WebSocket, () => void>();
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(this.onStart.bind(this));
  }
  async onStart() {
    for (const ws of this.ctx.getWebSockets()) this.register(ws);
  }
  register(ws: WebSocket) {
    this.sessions.set(ws, () => ws.close());
  }
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    this.register(server);
    return new Response(null, { status: 101, webSocket: client });
  }
  webSocketClose(ws: WebSocket) {
    this.sessions.get(ws)?.();
  }
}

// Only ever reset to empty outside the handlers: nothing to lose.
export class Queue extends DurableObject {
  queue: ArrayBuffer[] = [];
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }
  reset() {
    this.queue = [];
  }
  webSocketMessage(ws: WebSocket, msg: ArrayBuffer) {
    this.queue.push(msg);
    if (this.queue.length > 4) this.queue.shift();
  }
}

// The base class may restore what the subclass keeps.
class Base extends DurableObject {
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    this.restore();
  }
  restore() {}
}
export class Derived extends Base {
  room?: string;
  async fetch(req: Request) {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    this.room = req.url;
    return new Response(null, { status: 101, webSocket: client });
  }
  webSocketMessage(ws: WebSocket) {
    ws.send(this.room ?? "");
  }
}
