import { DurableObject } from "cloudflare:workers";

export class Counter extends DurableObject {
  sql = this.ctx.storage.sql;

  count() {
    const n = this.ctx.storage.sql.exec("SELECT count(*) AS n FROM hits").one().n; // want `sql.exec\(\) in Counter, which is KV-backed \(created with new_classes in migration tag v1\): in production it throws "This Durable Object is not backed by SQLite storage, so the SQL API is not available.*\(wrangler dev: "SQL is not enabled for this Durable Object class. ..."\); new_sqlite_classes is only possible for a class that was never deployed`
    this.sql.exec("DELETE FROM hits"); // want `sql.exec\(\) in Counter`
    const { sql } = this.ctx.storage;
    return [n, sql.databaseSize]; // want `sql.databaseSize in Counter, which is KV-backed`
  }

  sync() {
    const kv = this.ctx.storage.kv;
    kv.put("a", 1); // want `storage.kv.put\(\) in Counter.*it throws "The storage.kv \(synchronous KV\) API is only available for SQLite-backed Durable Objects, but this object's namespace is not declared to use SQLite. ..."; use the asynchronous storage.put\(\)`
    return this.ctx.storage.kv.get("a"); // want `storage.kv.get\(\) in Counter`
  }

  txn() {
    this.ctx.storage.transactionSync(() => {}); // want `transactionSync\(\) in Counter.*works under wrangler dev.*in production it throws "Error: Durable Object is not backed by SQL."; use storage.transaction`
  }

  async fine() {
    // The asynchronous API works on both backends; touching storage.sql
    // without calling it does not throw.
    await this.ctx.storage.put("k", 1);
    await this.ctx.storage.transaction(async (txn) => txn.put("k", 2));
    const api = this.ctx.storage.sql;
    return [await this.ctx.storage.get("k"), typeof api];
  }
}

export class Room extends DurableObject {
  fetch() {
    this.ctx.storage.sql.exec("SELECT 1"); // want `in Room, which is KV-backed \(renamed from a new_classes class in migration tag v2\)`
    return new Response("ok");
  }
}

export class Legacy {
  constructor(state: DurableObjectState) {
    state.storage.sql.exec("CREATE TABLE IF NOT EXISTS t (a)"); // want `in Legacy, which is KV-backed`
  }
}

// Extends DurableObject but no binding names it: its backend is unknown.
export class Unbound extends DurableObject {
  run() {
    this.ctx.storage.sql.exec("SELECT 1");
  }
}

export default { fetch: () => new Response("ok") };
