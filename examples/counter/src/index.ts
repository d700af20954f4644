import { DurableObject } from "cloudflare:workers";

interface Env {
  COUNTER: DurableObjectNamespace<Counter>;
  RESETTER: DurableObjectNamespace<DailyReset>;
}

export class Counter extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx);
  }

  async increment(by = 1): Promise<number> {
    const value = ((await this.ctx.storage.get<number>("value")) ?? 0) + by;
    await this.ctx.storage.put("value", value);
    // Forget counters that sit idle for a week.
    await this.ctx.storage.setAlarm(Date.now() + 7 * 24 * 60 * 60 * 1000);
    return value;
  }
}

class DailyReset extends DurableObject<Env> {
  async schedule(): Promise<void> {
    // Reset once a day.
    await this.ctx.storage.setAlarm(24 * 60 * 60 * 1000);
  }

  async alarm(): Promise<void> {
    await this.ctx.storage.put("lastReset", Date.now());
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const user = new URL(request.url).searchParams.get("user") ?? "anon";
    const stub = env.COUNTER.get(env.COUNTER.idFromName(user));
    await env.RESETTER.getByName("daily").schedule();
    return Response.json({ value: await stub.increment() });
  },
};
