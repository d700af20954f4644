import { DurableObject } from "cloudflare:workers";

// The constructor's critical section reaches fetch() through two methods:
// the message names both, in the order they are called.
export class Feed extends DurableObject {
  items: unknown[] = [];

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      await this.alarm();
    });
    ctx.blockConcurrencyWhile(this.warm.bind(this));
  }

  async alarm() {
    await this.load();
  }

  async load() {
    const res = await fetch("https://example.com/feed"); // want `fetch\(\) awaited in this.load\(\), which blockConcurrencyWhile\(\) waits for through this.alarm\(\) and this.load\(\):`
    this.items = await res.json();
  }

  async warm() {
    await this.prime();
  }

  async prime() {
    await this.refill();
  }

  async refill() {
    await fetch("https://example.com/prime"); // want `fetch\(\) awaited in this.refill\(\), which blockConcurrencyWhile\(\) waits for through this.warm\(\) and this.prime\(\) and this.refill\(\):`
  }
}

export default { fetch: () => new Response("ok") };
