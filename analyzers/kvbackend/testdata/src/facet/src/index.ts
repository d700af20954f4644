import { DurableObject } from "cloudflare:workers";

export class Room extends DurableObject {
  thread(id: string) {
    return this.ctx.facets.get(id, () => ({ class: this.ctx.exports.Thread }));
  }
  shared() {
    return this.ctx.facets.get("shared", () => ({ class: this.ctx.exports.Shared }));
  }
  counter() {
    return this.ctx.exports.Counter.getByName("main");
  }
}

export class Thread extends DurableObject {}
export class Shared extends DurableObject {}
export class Counter extends DurableObject {}

export default { fetch: () => new Response("ok") };
