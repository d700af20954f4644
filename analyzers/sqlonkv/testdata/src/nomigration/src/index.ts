import { DurableObject } from "cloudflare:workers";

export class Counter extends DurableObject {
  count() {
    return this.ctx.storage.sql.exec("SELECT 1").one(); // want `in Counter, which is KV-backed \(no migration creates it, so wrangler dev runs it KV-backed and deploy has nothing to create it from; add it to new_sqlite_classes in a new migration\)`
  }
}

export default { fetch: () => new Response("ok") };
