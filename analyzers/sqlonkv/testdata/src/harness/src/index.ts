import { DurableObject } from "cloudflare:workers";

export class Legacy extends DurableObject {
  run() {
    this.ctx.storage.sql.exec("SELECT 1"); // want `^sql.exec\(\) in Legacy, which is KV-backed \(created with new_classes in migration tag v1\): in a test run it throws "SQL is not enabled for this Durable Object class. ..."; create the class with new_sqlite_classes in this test config$`
    this.ctx.storage.kv.get("a"); // want `^storage.kv.get\(\) in Legacy, which is KV-backed \(created with new_classes in migration tag v1\): in a test run it throws "The storage.kv \(synchronous KV\) API .*"; use the asynchronous storage.get\(\), or create the class with new_sqlite_classes in this test config$`
    // Local storage is SQLite underneath: this works in a test run.
    return this.ctx.storage.transactionSync(() => 7);
  }
}

// Bound without a migration: in a test config that is how facet classes
// are made visible in ctx.exports, and a library may start the facet
// where this analysis cannot see it, so nothing is known to throw.
export class Fresh extends DurableObject {
  run() {
    this.ctx.storage.kv.put("a", 1);
    return this.ctx.storage.sql.exec("SELECT 1");
  }
}

// Bound only so that ctx.exports has it; the tests start it as a facet,
// whose storage is SQLite, so nothing here is known to throw.
export class Child extends DurableObject {
  run() {
    return this.ctx.storage.sql.exec("SELECT 1");
  }
}

export class Parent extends DurableObject {
  child() {
    return this.ctx.facets.get("child", () => ({ class: this.ctx.exports.Child }));
  }
}

export default { fetch: () => new Response("ok") };
