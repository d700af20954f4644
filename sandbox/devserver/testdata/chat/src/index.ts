import { DurableObject } from "cloudflare:workers";

interface Env {
  ROOM: DurableObjectNamespace<ChatRoom>;
}

interface Member {
  user: string;
  joined: number;
}

export class ChatRoom extends DurableObject<Env> {
  // In-memory only: lost whenever the object is evicted.
  private greeting: string | null = null;
  private instance = Math.random().toString(36).slice(2);

  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/history") {
      const rows = this.ctx.storage.sql.exec("SELECT user, text FROM messages ORDER BY id").toArray();
      return Response.json(rows);
    }
    if (url.pathname === "/boom") {
      return explode(url.searchParams.get("why") ?? "no reason");
    }
    const user = url.searchParams.get("user") ?? "anonymous";
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server, [user]);
    const member: Member = { user, joined: 1 };
    server.serializeAttachment(member);
    return new Response(null, { status: 101, webSocket: client });
  }

  async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const member = ws.deserializeAttachment() as Member;
    const text = typeof message === "string" ? message : new TextDecoder().decode(message);
    if (text.startsWith("/greet ")) {
      this.greeting = text.slice(7);
      ws.send(JSON.stringify({ kind: "greeting-set" }));
      return;
    }
    if (text === "/whoami") {
      ws.send(
        JSON.stringify({
          kind: "whoami",
          user: member.user,
          tags: this.ctx.getTags(ws),
          greeting: this.greeting,
          instance: this.instance,
          sockets: this.ctx.getWebSockets().length,
        }),
      );
      return;
    }
    this.ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, user TEXT, text TEXT)",
    );
    this.ctx.storage.sql.exec("INSERT INTO messages (user, text) VALUES (?, ?)", member.user, text);
    for (const peer of this.ctx.getWebSockets()) {
      peer.send(JSON.stringify({ kind: "message", from: member.user, text }));
    }
  }

  async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    ws.close(code, reason);
  }
}

function explode(why: string): never {
  throw new Error("exploded: " + why);
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const room = url.pathname.split("/")[1] || "lobby";
    if (url.pathname === "/") return new Response("chat server\n");
    if (url.pathname === "/crash") explode("in the worker");
    const stub = env.ROOM.getByName(room);
    const rest = "/" + url.pathname.split("/").slice(2).join("/");
    return stub.fetch(new Request(new URL(rest + url.search, url), request));
  },
};
