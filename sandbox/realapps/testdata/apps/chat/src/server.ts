import { routePartykitRequest, Server, type Connection } from "partyserver";

type Env = {
  Chat: DurableObjectNamespace<Chat>;
  HibernatingChat: DurableObjectNamespace<HibernatingChat>;
};

type Line = { from: string; text: string };

// A chat room: every message a member sends is passed on to the others,
// with the sender's connection id, and kept, so that a member who joins
// later is welcomed with what was said.
export class Chat extends Server<Env> {
  history: Line[] = [];

  async onStart() {
    this.history = (await this.ctx.storage.get<Line[]>("history")) ?? [];
  }

  onConnect(conn: Connection) {
    conn.send(JSON.stringify({ type: "welcome", id: conn.id, room: this.name, history: this.history }));
  }

  async onMessage(conn: Connection, message: string) {
    this.history.push({ from: conn.id, text: message });
    await this.ctx.storage.put("history", this.history);
    this.broadcast(JSON.stringify({ type: "message", from: conn.id, text: message }), [conn.id]);
  }

  onRequest(request: Request): Response {
    if (request.method !== "GET") return new Response("method not allowed", { status: 405 });
    return Response.json(this.history);
  }
}

// The same room on the WebSocket Hibernation API, which partyserver
// turns on with one option.
export class HibernatingChat extends Chat {
  static options = { hibernate: true };
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    return (await routePartykitRequest(request, env)) ?? new Response("Not Found", { status: 404 });
  },
} satisfies ExportedHandler<Env>;
