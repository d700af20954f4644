import { DurableObject } from "cloudflare:workers";

export interface Env {
  ROOMS: DurableObjectNamespace<ChatRoom>;
  PRESENCE: DurableObjectNamespace<Presence>;
  MODERATION: DurableObjectNamespace<Moderation>;
}

type Message = { id: number; author: string; body: string };

export class ChatRoom extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, author TEXT, body TEXT)",
    );
  }

  // Clients post over a WebSocket; each message is stored and acknowledged
  // with its id, which clients use to page through the history.
  async fetch(request: Request): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener("message", (event) => {
      const msg = JSON.parse(event.data as string);
      const id = this.post(msg.author, msg.body);
      server.send(JSON.stringify({ type: "ack", id }));
    });
    return new Response(null, { status: 101, webSocket: client });
  }

  post(author: string, body: string): number {
    return this.ctx.storage.sql
      .exec<{ id: number }>("INSERT INTO messages (author, body) VALUES (?, ?) RETURNING id", author, body)
      .one().id;
  }

  messagesBy(author: string): Message[] {
    return this.ctx.storage.sql
      .exec<Message>(`SELECT id, author, body FROM messages WHERE author = '${author}' ORDER BY id`)
      .toArray();
  }
}

export class Presence extends DurableObject<Env> {
  async join(user: string): Promise<number> {
    const online = ((await this.ctx.storage.get<number>("online")) ?? 0) + 1;
    await this.ctx.storage.put("online", online);
    // Count the user as gone after five minutes.
    setTimeout(() => this.leave(), 5 * 60 * 1000);
    return online;
  }

  async leave(): Promise<void> {
    const online = (await this.ctx.storage.get<number>("online")) ?? 1;
    await this.ctx.storage.put("online", online - 1);
  }
}

// Created KV-backed by the first deploy. The ban list later moved from
// storage keys to a table, without a look at how the class was created.
export class Moderation extends DurableObject<Env> {
  private bans(): SqlStorage {
    this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS bans (user TEXT PRIMARY KEY)");
    return this.ctx.storage.sql;
  }

  ban(user: string): void {
    this.bans().exec("INSERT OR IGNORE INTO bans (user) VALUES (?)", user);
  }

  isBanned(user: string): boolean {
    return this.bans().exec("SELECT 1 FROM bans WHERE user = ?", user).toArray().length > 0;
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const user = url.searchParams.get("user") ?? "anon";
    if (await env.MODERATION.getByName("global").isBanned(user)) {
      return new Response("banned", { status: 403 });
    }
    const room = env.ROOMS.getByName(url.searchParams.get("room") ?? "lobby");
    if (url.pathname === "/messages") {
      return Response.json(await room.messagesBy(url.searchParams.get("author") ?? user));
    }
    await env.PRESENCE.getByName("global").join(user);
    return room.fetch(request);
  },
} satisfies ExportedHandler<Env>;
