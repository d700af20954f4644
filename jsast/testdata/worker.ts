import { DurableObject } from "cloudflare:workers";
import type { Env } from "./env";

export interface Message {
  readonly id: string;
  body?: string;
  tags: Array<string>;
}

type Handler<T extends keyof Env = keyof Env> = (env: Env[T], ...args: unknown[]) => Promise<void>;

const enum Status {
  Idle = 0,
  Busy = 1 << 1,
}

function assertString(x: unknown): asserts x is string {
  if (typeof x !== "string") throw new TypeError(`expected string, got ${typeof x}`);
}

export class Counter extends DurableObject<Env> {
  #value = 0;
  private static readonly MAX = 1_000_000;
  declare status: Status;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      this.#value = (await ctx.storage.get<number>("value")) ?? 0;
    });
  }

  async increment(by = 1): Promise<number> {
    this.#value = Math.min(this.#value + by, Counter.MAX);
    await this.ctx.storage.put("value", this.#value);
    const rows = this.ctx.storage.sql.exec(`SELECT * FROM log WHERE n > ${by}`).toArray();
    return rows.length > 0 ? this.#value : -1;
  }

  get value(): number {
    return this.#value;
  }

  override async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    switch (url.pathname) {
      case "/inc":
        return Response.json({ value: await this.increment() });
      default:
        return new Response("not found", { status: 404 });
    }
  }
}

export default {
  async fetch(req, env): Promise<Response> {
    const id = env.COUNTER.idFromName("x");
    const stub = env.COUNTER.get(id) as DurableObjectStub<Counter>;
    const re = /^\/api\/(\w+)$/i;
    const m = re.exec(new URL(req.url).pathname)?.[1];
    return m ? stub.fetch(req) : new Response(null, { status: 400 });
  },
} satisfies ExportedHandler<Env>;

export type Mapped<T> = { readonly [K in keyof T as `on${Capitalize<string & K>}`]-?: (v: T[K]) => void };
export type Unwrap<T> = T extends Promise<infer U> ? Unwrap<U> : T;
declare global {
  interface Window { counter: Counter }
}
namespace Legacy.Inner {
  export const x = <const T,>(v: T) => v;
}
