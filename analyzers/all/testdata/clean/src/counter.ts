import { DurableObject } from "cloudflare:workers";
import type { Env } from "./index";

const DAY = 24 * 60 * 60 * 1000;

// A named counter with a daily history. Old rows are pruned by an alarm
// that reschedules itself.
export class Counter extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      ctx.storage.sql.exec(
        "CREATE TABLE IF NOT EXISTS hits (day TEXT PRIMARY KEY, count INTEGER NOT NULL DEFAULT 0)",
      );
      if ((await ctx.storage.getAlarm()) === null) {
        await ctx.storage.setAlarm(Date.now() + DAY);
      }
    });
  }

  async increment(by: number): Promise<number> {
    const day = new Date().toISOString().slice(0, 10);
    const sql = this.ctx.storage.sql;
    const row = sql
      .exec<{ count: number }>(
        "INSERT INTO hits (day, count) VALUES (?, ?) ON CONFLICT(day) DO UPDATE SET count = count + excluded.count RETURNING count",
        day,
        by,
      )
      .one();
    return row.count;
  }

  async total(): Promise<number> {
    const { total } = this.ctx.storage.sql.exec<{ total: number }>("SELECT COALESCE(SUM(count), 0) AS total FROM hits").one();
    return total;
  }

  async alarm() {
    const cutoff = new Date(Date.now() - 30 * DAY).toISOString().slice(0, 10);
    this.ctx.storage.sql.exec("DELETE FROM hits WHERE day < ?", cutoff);
    await this.ctx.storage.setAlarm(Date.now() + DAY);
  }
}
