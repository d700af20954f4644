import { DurableObject } from "cloudflare:workers";

type Env = { ROOMS: DurableObjectNamespace<Room> };

// A room on the WebSocket Hibernation API: the runtime holds the sockets
// while the object sleeps, each socket carries its member's name as an
// attachment, and the runtime answers pings while the object sleeps.
export class Room extends DurableObject<Env> {
  // A new value for every construction, so that a client can tell that
  // the room was evicted and woken again.
  private readonly instance = crypto.randomUUID();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade") !== "websocket") {
      return new Response("expected a WebSocket upgrade", { status: 426 });
    }
    const name = new URL(request.url).searchParams.get("name") ?? "anonymous";
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [name]);
    server.serializeAttachment({ name, joined: this.ctx.getWebSockets().length });
    return new Response(null, { status: 101, webSocket: client });
  }

  async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
    const { name, joined } = ws.deserializeAttachment() as { name: string; joined: number };
    const text = typeof message === "string" ? message : new TextDecoder().decode(message);
    if (text === "/who") {
      ws.send(JSON.stringify({ type: "who", name, joined, tags: this.ctx.getTags(ws), instance: this.instance }));
      return;
    }
    const out = JSON.stringify({ type: "message", from: name, text });
    for (const peer of this.ctx.getWebSockets()) {
      peer.send(out);
    }
  }

  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    // The runtime does not answer a hibernatable socket's close: the
    // handler completes the closing handshake.
    ws.close(code, reason);
    const { name } = ws.deserializeAttachment() as { name: string };
    const out = JSON.stringify({ type: "left", name, code });
    for (const peer of this.ctx.getWebSockets()) {
      if (peer !== ws) peer.send(out);
    }
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const m = url.pathname.match(/^\/rooms\/([^/]+)$/);
    if (!m) return new Response("Not found", { status: 404 });
    return env.ROOMS.getByName(m[1]).fetch(request);
  },
} satisfies ExportedHandler<Env>;
