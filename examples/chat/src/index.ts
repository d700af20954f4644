import { DurableObject } from "cloudflare:workers";

export interface Env {
  ROOMS: DurableObjectNamespace<ChatRoom>;
  PRESENCE: DurableObjectNamespace<Presence>;
}

export class ChatRoom extends DurableObject<Env> {
  private sessions = new Set<WebSocket>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, author TEXT, body TEXT)",
    );
    // Flush presence every 10 seconds.
    setInterval(() => this.broadcast(JSON.stringify({ type: "tick" })), 10_000);
  }

  async fetch(request: Request): Promise<Response> {
    const pair = new WebSocketPair();
    const [client, server] = Object.values(pair);
    server.accept();
    this.sessions.add(server);
    server.addEventListener("message", (event) => {
      const msg = JSON.parse(event.data as string);
      this.ctx.storage.sql.exec(
        `INSERT INTO messages (author, body) VALUES ('${msg.author}', '${msg.body}')`,
      );
      this.broadcast(event.data as string);
    });
    server.addEventListener("close", () => this.sessions.delete(server));
    return new Response(null, { status: 101, webSocket: client });
  }

  broadcast(data: string) {
    for (const ws of this.sessions) ws.send(data);
  }
}

export class Presence extends DurableObject<Env> {
  async join(user: string): Promise<number> {
    const online = ((await this.ctx.storage.get<number>("online")) ?? 0) + 1;
    await this.ctx.storage.put("online", online);
    return online;
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const room = url.searchParams.get("room") ?? "lobby";
    await env.PRESENCE.getByName("global").join(url.searchParams.get("user") ?? "anon");
    return env.ROOMS.getByName(room).fetch(request);
  },
} satisfies ExportedHandler<Env>;
