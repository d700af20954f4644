import { DurableObject } from "cloudflare:workers";
import { HOUR } from "./units";

const ONE_DAY = 24 * 60 * 60 * 1000;
const TWO_DAYS = 2 * ONE_DAY;
let variable = 5000;
const EPOCH_2030 = 1_893_456_000_000;

export class Digest extends DurableObject {
  async start() {
    await this.ctx.storage.setAlarm(60_000); // want `setAlarm\(60_000\) takes a time in milliseconds since the epoch, not a delay: 60000 ms is 1970-01-01 00:01:00 UTC, in the past, so the alarm fires at once; use Date.now\(\) \+ 60_000`
    await this.ctx.storage.setAlarm(ONE_DAY); // want `setAlarm\(ONE_DAY\) takes a time .*86400000 ms is 1970-01-02 00:00:00 UTC`
    await this.ctx.storage.setAlarm(TWO_DAYS); // want `172800000 ms`
    await this.ctx.storage.setAlarm(5 * 60 * 1000); // want `setAlarm\(5 \* 60 \* 1000\)`
    const delay = (30 * 1000) as number;
    const storage = this.ctx.storage;
    await storage.setAlarm(delay); // want `setAlarm\(delay\)`
    await storage.setAlarm(0x10); // want `16 ms`
    await storage.setAlarm(0); // want `setAlarm\(0\) is given 0, not a time: the call throws "TypeError: setAlarm\(\) cannot be called with an alarm time <= 0"`
    await storage.setAlarm(-1000); // want `is given -1000, not a time`
    await storage.setAlarm(0.5); // want `setAlarm\(0.5\) is given 0.5, which the runtime cuts to 0 ms, not a time: the call throws "TypeError: setAlarm\(\) cannot be called with an alarm time <= 0"`
    await storage.setAlarm(new Date(ONE_DAY)); // want `setAlarm\(new Date\(ONE_DAY\)\) takes a time .*; use Date.now\(\) \+ ONE_DAY`

    // Times are fine.
    await storage.setAlarm(Date.now() + 60_000);
    await storage.setAlarm(60_000 + Date.now());
    await storage.setAlarm(new Date(Date.now() + ONE_DAY));
    await storage.setAlarm(EPOCH_2030);
    await storage.setAlarm(1e12);
    // Not constant: a let may change, an import is not followed.
    await storage.setAlarm(variable);
    await storage.setAlarm(HOUR);
    variable++;
  }

  async alarm() {
    await this.ctx.storage.transaction(async (txn) => {
      await txn.setAlarm(1000); // want `setAlarm\(1000\)`
    });
  }
}

export class Legacy {
  constructor(private state: DurableObjectState) {
    state.storage.setAlarm(10); // want `setAlarm\(10\)`
  }
  async alarm() {}
}

// Not a Durable Object.
export class Other {
  constructor(private storage: { setAlarm(n: number): void }) {}
  go() {
    this.storage.setAlarm(1000);
  }
}

export default { fetch: () => new Response("ok") };
