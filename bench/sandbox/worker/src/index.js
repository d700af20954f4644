import { DurableObject } from "cloudflare:workers";

export class Counter extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS hits (n INTEGER)");
  }
  async fetch() {
    const sql = this.ctx.storage.sql;
    sql.exec("INSERT INTO hits VALUES (1)");
    const { n } = sql.exec("SELECT count(*) AS n FROM hits").one();
    return Response.json({ n });
  }
  add(a, b) {
    return a + b;
  }
}

export default {
  async fetch(request, env) {
    const stub = env.COUNTER.getByName("bench");
    if (new URL(request.url).pathname === "/rpc") {
      return Response.json({ sum: await stub.add(1, 2) });
    }
    return stub.fetch(request);
  },
};
