import { DurableObject } from "cloudflare:workers";

type Env = Record<string, never>;

export class NoHandler extends DurableObject<Env> {
  storage: DurableObjectStorage;
  store = this.ctx.storage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.storage = ctx.storage;
    ctx.storage.setAlarm(Date.now() + 1000); // want `setAlarm in the constructor of NoHandler, which has no alarm\(\) handler: when the alarm fires the runtime logs "Attempted to run a scheduled alarm without a handler, did you remember to export an alarm\(\) function\?" and never retries it`
    ctx.blockConcurrencyWhile(async () => {
      await ctx.storage.setAlarm(Date.now() + 1000); // want `setAlarm in NoHandler, which has no alarm\(\) handler: the call throws "TypeError: Your Durable Object class must have an alarm\(\) handler in order to call setAlarm\(\)"`
    });
  }

  async schedule() {
    await this.ctx.storage.setAlarm(Date.now() + 1000); // want "setAlarm in NoHandler, which has no alarm"
    const storage = this.ctx.storage;
    await storage.setAlarm(Date.now()); // want "setAlarm in NoHandler"
    const { storage: s } = this.ctx;
    await s.setAlarm(Date.now()); // want "setAlarm in NoHandler"
    await this.storage.setAlarm(Date.now()); // want "setAlarm in NoHandler"
    await this.store.setAlarm(Date.now()); // want "setAlarm in NoHandler"
    await this.ctx.storage.transaction(async (txn) => {
      await txn.setAlarm(Date.now()); // want "setAlarm in NoHandler"
    });
    // Not the object's storage.
    const calendar = { setAlarm(_: number) {} };
    calendar.setAlarm(5);
    // this.ctx.storage.setAlarm(1) in a comment.
    return "this.ctx.storage.setAlarm(1)";
  }

  // A static method named alarm is not a handler.
  static alarm() {}
}

export class Legacy {
  constructor(private state: DurableObjectState) {}
  async fetch() {
    await this.state.storage.setAlarm(Date.now() + 10); // want "setAlarm in Legacy, which has no alarm"
    return new Response("ok");
  }
}

export class WithHandler extends DurableObject {
  async fetch() {
    await this.ctx.storage.setAlarm(Date.now() + 10);
    return new Response("ok");
  }
  async alarm() {}
}

// Not a Durable Object (unbound, no DurableObject base).
export class Scheduler {
  constructor(private ctx: DurableObjectState) {}
  run() {
    return this.ctx.storage.setAlarm(Date.now());
  }
}

export default { fetch: () => new Response("ok") };
