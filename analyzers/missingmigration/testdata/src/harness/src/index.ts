import { DurableObject } from "cloudflare:workers";

export class Room extends DurableObject {
  thread(id: string) {
    return this.ctx.facets.get(id, () => ({ class: this.ctx.exports.Thread }));
  }
}

export class Thread extends DurableObject {}

export default { fetch: () => new Response("ok") };
