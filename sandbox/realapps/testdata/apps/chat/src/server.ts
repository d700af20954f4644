import { routePartykitRequest, Server, type Connection } from "partyserver";

type Env = {
  Chat: DurableObjectNamespace<Chat>;
  HibernatingChat: DurableObjectNamespace<HibernatingChat>;
};

// A chat room: every message a member sends is passed on to the others,
// with the sender's connection id.
export class Chat extends Server<Env> {
  onConnect(conn: Connection) {
    conn.send(JSON.stringify({ type: "welcome", id: conn.id, room: this.name }));
  }

  onMessage(conn: Connection, message: string) {
    this.broadcast(JSON.stringify({ type: "message", from: conn.id, text: message }), [conn.id]);
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
