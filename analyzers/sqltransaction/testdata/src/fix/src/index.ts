import { DurableObject } from "cloudflare:workers";

export class Bank extends DurableObject {
  transfer(from: string, to: string, amount: number) {
    const sql = this.ctx.storage.sql;
    sql.exec("BEGIN TRANSACTION"); // want `runs BEGIN TRANSACTION`
    sql.exec("UPDATE accounts SET balance = balance - ? WHERE id = ?", amount, from);
    // Multi-line SQL keeps its text.
    sql.exec(`
      UPDATE accounts
      SET balance = balance + ?
      WHERE id = ?`, amount, to);
    sql.exec("COMMIT"); // want `runs COMMIT`
    return "done";
  }

  withCatch(id: string) {
    this.ctx.storage.sql.exec("BEGIN"); // want `runs BEGIN`
    try {
      this.ctx.storage.sql.exec("DELETE FROM items WHERE owner = ?", id);
      this.ctx.storage.sql.exec("DELETE FROM owners WHERE id = ?", id);
      this.ctx.storage.sql.exec("COMMIT"); // want `runs COMMIT`
    } catch (e) {
      this.ctx.storage.sql.exec("ROLLBACK"); // want `runs ROLLBACK`
      throw e;
    }
  }

  swallow(id: string) {
    try {
      this.ctx.storage.sql.exec("BEGIN"); // want `runs BEGIN`
      this.ctx.storage.sql.exec("DELETE FROM items WHERE owner = ?", id);
      this.ctx.storage.sql.exec("COMMIT"); // want `runs COMMIT`
    } catch (err) {
      this.ctx.storage.sql.exec("ROLLBACK"); // want `runs ROLLBACK`
      console.error("delete failed", err);
      return false;
    }
    return true;
  }

  // No fix: the statements await, return early, or declare names used later.
  async awaits(id: string) {
    const { sql } = this.ctx.storage;
    sql.exec("BEGIN"); // want `runs BEGIN`
    sql.exec("DELETE FROM items WHERE owner = ?", id);
    await this.ctx.storage.put("deleted", id);
    sql.exec("COMMIT"); // want `runs COMMIT`
  }

  declares(id: string) {
    const { sql } = this.ctx.storage;
    sql.exec("BEGIN"); // want `runs BEGIN`
    const n = sql.exec("DELETE FROM items WHERE owner = ?", id).rowsWritten;
    sql.exec("COMMIT"); // want `runs COMMIT`
    return n;
  }

  unmatched() {
    this.ctx.storage.sql.exec("BEGIN"); // want `runs BEGIN`
  }
}

// A legacy class keeps its state in a field of its own.
export class Ledger {
  constructor(private state: DurableObjectState) {}
  record(id: string) {
    const sql = this.state.storage.sql;
    sql.exec("BEGIN IMMEDIATE TRANSACTION"); // want `runs BEGIN IMMEDIATE`
    sql.exec("INSERT INTO ledger (id) VALUES (?)", id);
    sql.exec("END TRANSACTION"); // want `runs END TRANSACTION`
  }
  nested(id: string) {
    // No fix: a function expression has its own this.
    const run = function (sql: SqlStorage) {
      sql.exec("BEGIN"); // want `runs BEGIN`
      sql.exec("DELETE FROM ledger WHERE id = ?", id);
      sql.exec("COMMIT"); // want `runs COMMIT`
    };
    run(this.state.storage.sql);
  }
}

export default { fetch: () => new Response("ok") };
