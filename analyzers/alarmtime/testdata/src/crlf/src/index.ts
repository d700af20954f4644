import { DurableObject } from "cloudflare:workers";

export class Digest extends DurableObject {
  async start() {
    await this.ctx.storage.setAlarm(
      24 * 60 * 60 * 1000, // want `setAlarm\(24 \* 60 \* 60 \* 1000\)`
    );
  }
  async alarm() {}
}

export default { fetch: () => new Response("ok") };
