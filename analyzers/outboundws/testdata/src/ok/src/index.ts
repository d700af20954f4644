import { DurableObject } from "cloudflare:workers";

// A helper outside any class: only code inside Durable Object classes is
// checked.
function connect(url: string) {
  return new WebSocket(url);
}

export class Poller extends DurableObject {
  async fetch(req: Request) {
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1]);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }
}

export default { fetch: () => new Response(String(connect)) };
