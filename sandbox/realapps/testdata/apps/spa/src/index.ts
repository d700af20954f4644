import { DurableObject } from "cloudflare:workers";

type Env = {
  ASSETS: Fetcher;
  COUNTERS: DurableObjectNamespace<Counter>;
};

// One counter per name, kept in the object's SQLite storage.
export class Counter extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL)");
      ctx.storage.sql.exec("INSERT OR IGNORE INTO counter VALUES (1, 0)");
    });
  }

  value(): number {
    return this.ctx.storage.sql.exec<{ value: number }>("SELECT value FROM counter").one().value;
  }

  increment(): number {
    return this.ctx.storage.sql.exec<{ value: number }>("UPDATE counter SET value = value + 1 RETURNING value").one().value;
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const m = url.pathname.match(/^\/api\/counters\/([^/]+)$/);
    if (!m) {
      if (url.pathname.startsWith("/api/")) return Response.json({ error: "no such API" }, { status: 404 });
      return env.ASSETS.fetch(request);
    }
    const counter = env.COUNTERS.getByName(decodeURIComponent(m[1]));
    switch (request.method) {
      case "GET":
        return Response.json({ value: await counter.value() });
      case "POST":
        return Response.json({ value: await counter.increment() });
      default:
        return new Response("method not allowed", { status: 405, headers: { Allow: "GET, POST" } });
    }
  },
} satisfies ExportedHandler<Env>;
