import { DurableObject } from "cloudflare:workers";

const BEGIN = "BEGIN IMMEDIATE";

export class Bank extends DurableObject {
  sql = this.ctx.storage.sql;

  statements(id: string) {
    this.sql.exec("begin transaction"); // want `sql.exec runs BEGIN TRANSACTION: workerd refuses transaction statements in exec and throws "Error: To execute a transaction, please use the state.storage.transaction\(\) or state.storage.transactionSync\(\) APIs instead of the SQL BEGIN TRANSACTION or SAVEPOINT statements. The JavaScript API is safer`
    this.sql.exec(BEGIN); // want `runs BEGIN IMMEDIATE`
    this.sql.exec("INSERT INTO log VALUES (1); COMMIT;"); // want `runs COMMIT`
    this.sql.exec(`SAVEPOINT sp1`); // want `runs SAVEPOINT sp1`
    this.sql.exec("RELEASE sp1"); // want `runs RELEASE sp1`
    this.sql.exec("ROLLBACK TO sp1"); // want `runs ROLLBACK TO`
    this.sql.exec("  End  "); // want `runs END`
    this.sql.exec(`UPDATE t SET a = 1 WHERE id = ${id}; ROLLBACK`); // want `runs ROLLBACK`
    this.sql.exec("/* setup */ BEGIN; INSERT INTO t VALUES (1); COMMIT"); // want `runs BEGIN, COMMIT`
  }

  notStatements() {
    // BEGIN in a comment, a string or a name is not a statement.
    this.sql.exec("-- BEGIN here\nSELECT 1");
    this.sql.exec("SELECT 'BEGIN; COMMIT' AS note, \"end\" FROM t");
    this.sql.exec("SELECT * FROM t WHERE begin_at > 0 ORDER BY [commit]");
    this.sql.exec("SELECT CASE WHEN a THEN 1 ELSE 0 END FROM t");
    this.sql.exec(`CREATE TRIGGER IF NOT EXISTS audit AFTER INSERT ON t BEGIN
      INSERT INTO log VALUES (new.id);
      UPDATE stats SET n = n + 1;
    END;`);
    // The JavaScript transaction APIs.
    this.ctx.storage.transactionSync(() => this.sql.exec("INSERT INTO t VALUES (1)"));
  }
}

// Not a Durable Object: no binding, no DurableObject base.
export class Helper {
  constructor(private sql: { exec(q: string): void }) {}
  run() {
    this.sql.exec("BEGIN");
  }
}

export { migrate, other } from "./helpers";
export { reset } from "./state";
export default { fetch: () => new Response("ok") };

export class Wrapped extends DurableObject {
  private run(q: string, ...params: unknown[]) {
    return this.ctx.storage.sql.exec(q, ...params);
  }
  go() {
    this.run("BEGIN"); // want `run\(\) hands this query to sql.exec, which runs BEGIN`
    this.run("INSERT INTO t VALUES (?)", 1);
    this.run("COMMIT"); // want `run\(\) hands this query to sql.exec, which runs COMMIT`
  }
}
