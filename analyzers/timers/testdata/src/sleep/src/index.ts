import { DurableObject } from "cloudflare:workers";
import { setTimeout as wait } from "node:timers/promises";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function pause(ms: number) {
  return new Promise((resolve) => {
    setTimeout(resolve, ms);
  });
}

export class Sleeper extends DurableObject {
  async fetch() {
    await new Promise((r) => setTimeout(r, 100));
    await new Promise<void>((resolve) => {
      setTimeout(() => resolve(), 100);
    });
    await sleep(10);
    await pause(10);
    await this.nap(10);
    await this.doze(10);
    await wait(10);
    await Promise.race([fetch("https://example.com"), new Promise((_, reject) => setTimeout(reject, 5000))]);
    await Promise.all([sleep(1), this.nap(1)]);
    const delay = new Promise((r) => setTimeout(r, 20));
    await delay;
    this.ctx.waitUntil(new Promise((r) => setTimeout(r, 20)));

    sleep(1000).then(() => this.ctx.storage.put("late", true)); // want `sleep\(\) starts a setTimeout and is not awaited`
    this.nap(1000); // want `this.nap\(\) starts a setTimeout and is not awaited`
    void pause(5); // want `pause\(\) starts a setTimeout`
    return new Response("ok");
  }

  nap(ms: number) {
    return new Promise((r) => setTimeout(r, ms));
  }

  doze = (ms: number) => new Promise((r) => setTimeout(r, ms));

  later() {
    return this.nap(5); // returned: the caller awaits it
  }

  wrong() {
    const p = new Promise((r) => setTimeout(r, 20)); // want "setTimeout settles a promise that is not awaited"
    return "not awaited: " + String(p);
  }
}

export default { fetch: () => new Response("ok") };
