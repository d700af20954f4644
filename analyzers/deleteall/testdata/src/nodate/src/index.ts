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

export default { fetch: () => new Response("ok") };
