import { DurableObject } from "cloudflare:workers";

export class Counter extends DurableObject {
  count() {
    return this.ctx.storage.sql.exec("SELECT 1").one(); // want `in Counter, which is KV-backed \(no migration creates it, so wrangler dev runs it KV-backed and deploy fails with code 10061; add it to new_sqlite_classes in a new migration\): in production it throws "This Durable Object is not backed by SQLite storage, so the SQL API is not available. ..." \(wrangler dev: "SQL is not enabled for this Durable Object class. ..."\)$`
  }
}

export default { fetch: () => new Response("ok") };
