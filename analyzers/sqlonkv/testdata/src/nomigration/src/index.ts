import { DurableObject } from "cloudflare:workers";

export class Counter extends DurableObject {
  count() {
    return this.ctx.storage.sql.exec("SELECT 1").one(); // want `^sql.exec\(\) in Counter, which no migration creates: wrangler dev runs it KV-backed, where it throws "SQL is not enabled for this Durable Object class. ...", and deploy fails with code 10061 until a migration creates the class; create the class with new_sqlite_classes in a new migration$`
  }

  sync() {
    return this.ctx.storage.kv.get("a"); // want `^storage.kv.get\(\) in Counter, which no migration creates: wrangler dev runs it KV-backed, where it throws "The storage.kv \(synchronous KV\) API is only available for SQLite-backed Durable Objects, but this object's namespace is not declared to use SQLite. ...", and deploy fails with code 10061 until a migration creates the class; use the asynchronous storage.get\(\), or create the class with new_sqlite_classes in a new migration$`
  }

  txn() {
    // Works under wrangler dev, and there is no deployment to throw in
    // until a migration creates the class (missingmigration says so).
    return this.ctx.storage.transactionSync(() => 7);
  }
}

export default { fetch: () => new Response("ok") };
