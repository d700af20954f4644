import { DurableObject } from "cloudflare:workers";

export class Counter extends DurableObject {
  count() {
    return this.ctx.storage.sql.exec("SELECT 1").one(); // want `in Counter, which is KV-backed \(created with new_classes in migration tag s1 in env staging\)`
  }
}

export default { fetch: () => new Response("ok") };
