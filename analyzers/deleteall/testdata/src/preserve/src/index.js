import { DurableObject } from "cloudflare:workers";

export class Room extends DurableObject {
  async open() {
    await this.ctx.storage.setAlarm(Date.now() + 60_000);
  }
  async close() {
    const { storage } = this.ctx;
    await storage.deleteAll(); // want `deleteAll\(\) keeps the alarm of Room on this script: compatibility_flags holds "delete_all_preserves_alarm", so .*; call deleteAlarm\(\) before deleteAll\(\), or remove "delete_all_preserves_alarm"`
  }
  async alarm() {}
}

export default { fetch: () => new Response("ok") };
