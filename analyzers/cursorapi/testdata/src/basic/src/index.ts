import { DurableObject } from "cloudflare:workers";

export class Users extends DurableObject {
  sql = this.ctx.storage.sql;

  rows() {
    const cursor = this.ctx.storage.sql.exec("SELECT * FROM users");
    return cursor.rows; // want `a SQL cursor has no rows property, so this is undefined; call .toArray\(\)`
  }

  d1Shapes() {
    const { results } = { results: 1 }; // a plain object: not a cursor
    const res = this.sql.exec("SELECT * FROM users");
    console.log(res.results, results); // want `no results property.*D1's all\(\)`
    if (!res.success) throw new Error("failed"); // want `no success property`
    console.log(res.meta); // want `no meta property.*rowsRead`
    return res.length; // want `no length property.*count\(\*\)`
  }

  async awaited() {
    const cur = await this.sql.exec("SELECT * FROM users");
    return cur.rows; // want `no rows property.*exec is synchronous, so the await only hands back the same cursor`
  }

  async awaitedAlone() {
    // Works: await gives the cursor back. Not reported on its own.
    const cur = await this.sql.exec("SELECT * FROM users");
    return cur.toArray();
  }

  one(id: string) {
    const { sql } = this.ctx.storage;
    return sql.exec("SELECT * FROM users WHERE id = ?", id).one({ allowNone: true }); // want `one\(\) takes no arguments and throws "Error: Expected exactly one result from SQL query, but got no results." unless exactly one row matches`
  }

  first(id: string) {
    const storage = this.ctx.storage;
    return storage.sql.exec("SELECT * FROM users WHERE id = ?", id).first(); // want `first\(\) is D1's API: a SQL cursor has no such method, so this throws "TypeError: storage.sql.exec\(...\).first is not a function"`
  }

  all() {
    const c = this.sql.exec("SELECT 1");
    c.run(); // want `run\(\) is D1's API.*"TypeError: c.run is not a function"`
    return c.all(); // want `"TypeError: c.all is not a function"; use .toArray\(\)`
  }

  uncalled() {
    const c = this.sql.exec("SELECT 1");
    const rows = c.toArray; // want `toArray is read without calling it: this is the method, not its result; write toArray\(\)`
    const bound = c.toArray.bind(c);
    return [rows, bound, c["one"]]; // want `one is read without calling it`
  }

  fine() {
    const c = this.sql.exec("SELECT * FROM users");
    const names = c.columnNames;
    const all = c.toArray();
    const raw = [...this.sql.exec("SELECT 1").raw()];
    const one = this.sql.exec("SELECT count(*) AS n FROM users").one();
    for (const row of this.sql.exec("SELECT * FROM users")) console.log(row);
    return [names, all.length, raw, one, c.rowsRead, c.rowsWritten, c.next()];
  }

  notCursors(db: D1Database, rows: { rows: number }) {
    // D1 and plain objects have these members.
    return [db.prepare("SELECT 1").first(), rows.rows, [1, 2].length];
  }
}

export class Wrapped extends DurableObject {
  private query(q: string, ...params: unknown[]) {
    return this.ctx.storage.sql.exec(q, ...params);
  }
  private rows = (q: string) => this.query(q).toArray();
  list() {
    return [this.query("SELECT 1").rows, this.rows("SELECT 1").length]; // want `no rows property`
  }
}

export class Legacy {
  constructor(private state: DurableObjectState) {}
  list() {
    return this.state.storage.sql.exec("SELECT 1").rows; // want `no rows property`
  }
}

// Unbound, but it extends DurableObject: a Durable Object all the same.
export class Unbound extends DurableObject {
  list() {
    return this.ctx.storage.sql.exec("SELECT 1").rows; // want `no rows property`
  }
}

// Not a Durable Object: a class outside any binding that does not extend
// DurableObject.
export class Helper {
  constructor(private ctx: { storage: { sql: { exec(q: string): { rows: unknown[] } } } }) {}
  list() {
    return this.ctx.storage.sql.exec("SELECT 1").rows;
  }
}

export { listUsers, firstUser, fine, untyped } from "./helpers";
export { lastUser } from "./state";
export default { fetch: () => new Response("ok") };
