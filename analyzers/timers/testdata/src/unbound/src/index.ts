import { DurableObject } from "cloudflare:workers";

// Looks like a Durable Object but is neither bound nor derived from
// DurableObject: a plain class, where timers are the caller's business.
export class Ticker {
  constructor(private state: { storage: unknown }, private env: unknown) {}
  start() {
    setInterval(() => {}, 1000);
  }
}

// Not exported, but extends DurableObject: still a Durable Object class.
class Hidden extends DurableObject {
  start() {
    setInterval(() => {}, 1000); // want "setInterval keeps the object awake"
  }
}

export class Counter extends DurableObject {
  fetch() {
    return new Response(String(new Ticker({ storage: null }, null)) + String(Hidden));
  }
}

export default { fetch: () => new Response("ok") };
