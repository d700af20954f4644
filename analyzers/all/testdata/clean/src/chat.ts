import { DurableObject } from "cloudflare:workers";
import type { Env } from "./index";
import { RateLimiter } from "./ratelimit";

interface Session {
  name: string;
  joined: number;
}

const HISTORY = 50;

// One chat room. Sockets are accepted with the hibernation API, so the
// object sleeps between messages; who is who lives in each socket's
// attachment and the history in SQLite, so both survive eviction.
export class ChatRoom extends DurableObject<Env> {
  private sql: SqlStorage;
  private limiter = new RateLimiter(5);

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        author TEXT NOT NULL,
        body TEXT NOT NULL,
        sent INTEGER NOT NULL
      )`);
    });
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade") !== "websocket") {
      return Response.json(this.history());
    }
    const name = new URL(request.url).searchParams.get("name") ?? "anonymous";
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server, [name]);
    server.serializeAttachment({ name, joined: Date.now() } satisfies Session);
    server.send(JSON.stringify({ type: "history", messages: this.history() }));
    this.broadcast({ type: "joined", name });
    return new Response(null, { status: 101, webSocket: client });
  }

  async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
    const session = ws.deserializeAttachment() as Session;
    if (!(await this.limiter.acquire(session.name))) {
      ws.send(JSON.stringify({ type: "error", error: "slow down" }));
      return;
    }
    const body = typeof message === "string" ? message : new TextDecoder().decode(message);
    this.sql.exec("INSERT INTO messages (author, body, sent) VALUES (?, ?, ?)", session.name, body, Date.now());
    this.sql.exec(
      "DELETE FROM messages WHERE id NOT IN (SELECT id FROM messages ORDER BY id DESC LIMIT ?)",
      HISTORY,
    );
    this.broadcast({ type: "message", name: session.name, body });
  }

  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    const session = ws.deserializeAttachment() as Session;
    ws.close(code, reason);
    this.broadcast({ type: "left", name: session.name });
  }

  async webSocketError(ws: WebSocket) {
    ws.close(1011, "unexpected error");
  }

  private history() {
    return this.sql
      .exec<{ author: string; body: string; sent: number }>(
        "SELECT author, body, sent FROM messages ORDER BY id DESC LIMIT ?",
        HISTORY,
      )
      .toArray()
      .reverse();
  }

  private broadcast(event: object) {
    const text = JSON.stringify(event);
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(text);
      } catch {
        // The socket is closing; webSocketClose will run for it.
      }
    }
  }
}
