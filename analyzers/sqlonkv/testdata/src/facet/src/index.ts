import { DurableObject } from "cloudflare:workers";
import { Agent } from "agents";

export class Room extends DurableObject {
  thread(id: string) {
    return this.ctx.facets.get(id, () => ({ class: this.ctx.exports.Thread }));
  }
  shared() {
    return this.ctx.facets.get("shared", () => ({ class: this.ctx.exports.Shared }));
  }
}

// Only ever a facet: no binding, no migration, SQLite storage.
export class Thread extends DurableObject {
  post(text: string) {
    this.ctx.storage.sql.exec("INSERT INTO posts VALUES (?)", text);
    return this.ctx.storage.kv.get("count");
  }
}

// Both bound (KV-backed through new_classes) and a facet: checked as a
// bound class, and the message says which instances throw.
export class Shared extends DurableObject {
  read() {
    return this.ctx.storage.sql.exec("SELECT 1"); // want `^sql.exec\(\) in Shared, which is KV-backed \(created with new_classes in migration tag v2\); started as a facet it has SQLite storage, but the instances reached through its binding do not: in production it throws`
  }
}

// A sub-agent of the Agents SDK is a facet too.
export class Planner extends Agent {
  async plan() {
    return (await this.subAgent(Step, "s1")).run();
  }
}

export class Step extends Agent {
  run() {
    return this.ctx.storage.sql.exec("SELECT 1");
  }
}

export default { fetch: () => new Response("ok") };
