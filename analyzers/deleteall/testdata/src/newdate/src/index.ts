import { DurableObject } from "cloudflare:workers";

export class Room extends DurableObject {
  async open() {
    await this.ctx.storage.setAlarm(Date.now() + 60_000);
  }
  async close() {
    await this.ctx.storage.deleteAll();
  }
  async alarm() {}
}

// Bound at the top level (new date) and in env old (one day before).
export class Old extends DurableObject {
  async open() {
    await this.ctx.storage.setAlarm(Date.now() + 60_000);
  }
  async close() {
    await this.ctx.storage.deleteAll(); // want `deleteAll\(\) keeps the alarm of Old on env old: compatibility_date 2026-02-23 is before 2026-02-24`
  }
  async alarm() {}
}

export default { fetch: () => new Response("ok") };
