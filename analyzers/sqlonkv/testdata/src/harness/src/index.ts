import { DurableObject } from "cloudflare:workers";

export class Legacy extends DurableObject {
  run() {
    this.ctx.storage.sql.exec("SELECT 1"); // want `^sql.exec\(\) in Legacy, which is KV-backed \(created with new_classes in migration tag v1\): the test runner runs it KV-backed, where it throws "SQL is not enabled for this Durable Object class. ..."; create the class with new_sqlite_classes in this test config$`
    // Local storage is SQLite underneath: this works in a test run.
    return this.ctx.storage.transactionSync(() => 7);
  }
}

export class Fresh extends DurableObject {
  run() {
    this.ctx.storage.kv.put("a", 1); // want `^storage.kv.put\(\) in Fresh, which no migration creates: the test runner runs it KV-backed, where it throws "The storage.kv \(synchronous KV\) API .*"; use the asynchronous storage.put\(\), or create the class with new_sqlite_classes in this test config$`
    return this.ctx.storage.sql.exec("SELECT 1"); // want `^sql.exec\(\) in Fresh, which no migration creates: the test runner runs it KV-backed`
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
