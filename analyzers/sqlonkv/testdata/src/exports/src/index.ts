import { DurableObject } from "cloudflare:workers";

export class Counter extends DurableObject {
  count() {
    return this.ctx.storage.sql.exec("SELECT 1").one(); // want `in Counter, which is KV-backed \(its exports entry has storage "legacy-kv"\)`
  }
}

export default { fetch: () => new Response("ok") };
