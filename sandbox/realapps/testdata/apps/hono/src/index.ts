import { DurableObject } from "cloudflare:workers";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";

type Env = { ROOMS: DurableObjectNamespace<Room> };
type Message = { id: number; text: string };

// A room keeps its messages in SQLite and pushes each new one to the
// WebSockets that listen to it.
export class Room extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY AUTOINCREMENT, text TEXT NOT NULL)");
  }

  add(text: string): Message {
    const row = this.ctx.storage.sql.exec<Message>("INSERT INTO messages (text) VALUES (?) RETURNING id, text", text).one();
    const out = JSON.stringify(row);
    for (const ws of this.ctx.getWebSockets()) ws.send(out);
    return { id: row.id, text: row.text };
  }

  list(): Message[] {
    return this.ctx.storage.sql.exec<Message>("SELECT id, text FROM messages ORDER BY id").toArray().map((r) => ({ id: r.id, text: r.text }));
  }

  async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade") !== "websocket") return new Response("expected a WebSocket", { status: 426 });
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }

  webSocketClose(ws: WebSocket, code: number, reason: string) {
    ws.close(code, reason);
  }
}

const app = new Hono<{ Bindings: Env }>();

app.use("/api/*", cors({ origin: "https://rooms.example", allowMethods: ["GET", "POST"] }));

app.get("/api/rooms/:name/messages", async (c) => {
  return c.json(await c.env.ROOMS.getByName(c.req.param("name")).list());
});

app.post("/api/rooms/:name/messages", async (c) => {
  const body = await c.req.json<{ text?: unknown }>().catch(() => ({}) as { text?: unknown });
  if (typeof body.text !== "string" || body.text === "") {
    throw new HTTPException(400, { message: "text is required" });
  }
  return c.json(await c.env.ROOMS.getByName(c.req.param("name")).add(body.text), 201);
});

app.get("/api/rooms/:name/ws", (c) => c.env.ROOMS.getByName(c.req.param("name")).fetch(c.req.raw));

app.notFound((c) => c.json({ error: "not found" }, 404));
app.onError((err, c) => {
  if (err instanceof HTTPException) return c.json({ error: err.message }, err.status);
  return c.json({ error: "internal error" }, 500);
});

export default app;
