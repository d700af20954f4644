import { DurableObject } from "cloudflare:workers";
import type { Env } from "./index";

// A ledger reached over RPC. A transfer updates both rows in one
// transaction, so no reader ever sees money in flight.
export class Accounts extends DurableObject<Env> {
  private sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec("CREATE TABLE IF NOT EXISTS accounts (id TEXT PRIMARY KEY, balance INTEGER NOT NULL)");
  }

  balance(id: string): number {
    const rows = this.sql.exec<{ balance: number }>("SELECT balance FROM accounts WHERE id = ?", id).toArray();
    return rows.length === 0 ? 0 : rows[0].balance;
  }

  transfer(from: string, to: string, amount: number): void {
    if (!Number.isInteger(amount) || amount <= 0) {
      throw new RangeError("amount must be a positive integer");
    }
    this.ctx.storage.transactionSync(() => {
      const have = this.balance(from);
      if (have < amount) {
        throw new Error(`insufficient funds in ${from}`);
      }
      this.sql.exec(
        "INSERT INTO accounts (id, balance) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET balance = excluded.balance",
        from,
        have - amount,
      );
      this.sql.exec(
        "INSERT INTO accounts (id, balance) VALUES (?, 0) ON CONFLICT(id) DO NOTHING",
        to,
      );
      this.sql.exec("UPDATE accounts SET balance = balance + ? WHERE id = ?", amount, to);
    });
  }

  // Columns a caller may sort by; anything else is refused before it
  // reaches the query text.
  richest(limit: number, order: "balance" | "id" = "balance") {
    return this.sql
      .exec(`SELECT id, balance FROM accounts ORDER BY ${order} DESC LIMIT ?`, Math.min(limit, 100))
      .toArray();
  }
}
