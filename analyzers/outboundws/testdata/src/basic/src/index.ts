import { DurableObject } from "cloudflare:workers";
import { Base } from "./base";

export class Feed extends DurableObject {
  follow(url: string) {
    // new WebSocket(url) in a comment is not code.
    const ws = new WebSocket(url); // want "outbound WebSocket in Durable Object Feed: .*cannot hibernate"
    const other = new globalThis.WebSocket(url, ["v1"]); // want "outbound WebSocket"
    const pair = new WebSocketPair();
    return [ws, other, pair, "new WebSocket(url)"];
  }
}

// Bound without extends: the legacy form is a Durable Object too.
export class LegacyFeed {
  constructor(private state: DurableObjectState) {}
  async fetch(req: Request) {
    const ws = new WebSocket(new URL(req.url).searchParams.get("u")!); // want "outbound WebSocket in Durable Object LegacyFeed"
    return new Response(String(ws.readyState));
  }
}

// Reached through a base chain from another module.
export class Derived extends Base {
  open() {
    return new WebSocket("wss://example.com"); // want "Durable Object Derived"
  }
}

// Not a Durable Object: neither bound nor extending DurableObject.
export class Client {
  open() {
    return new WebSocket("wss://example.com");
  }
}

export default {
  fetch() {
    const ws = new WebSocket("wss://example.com");
    return new Response(String(ws.readyState));
  },
};
