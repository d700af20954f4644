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

export default { fetch: () => new Response("ok") };
