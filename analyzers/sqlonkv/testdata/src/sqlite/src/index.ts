import { DurableObject } from "cloudflare:workers";

// Deleted and created again SQLite-backed in one step: SQL works.
export class Counter extends DurableObject {
  count() {
    this.ctx.storage.transactionSync(() => this.ctx.storage.kv.put("a", 1));
    return this.ctx.storage.sql.exec("SELECT 1").one();
  }
}

export default { fetch: () => new Response("ok") };
