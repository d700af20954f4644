import { DurableObject } from "cloudflare:workers";
import { USERS_TABLE, Status, SORTS, mutable } from "./schema";
import { sql as sqlTag } from "some-sql-tag";

const TABLE = "users";
const LIMIT = 50;
const COLUMNS = { name: "name", age: "age" };
const ORDERS = ["ASC", "DESC"] as const;
type Column = "name" | "age";
let counter: unknown = 0;
export function setCounter(v: string) {
  counter = v;
}

export class Users extends DurableObject {
  sql = this.ctx.storage.sql;
  private readonly table = "users";
  private dynamicTable: string;

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    this.dynamicTable = String(env);
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} (id TEXT, name TEXT)`);
  }

  positives(id: string, name: string, n: number, limit: string) {
    this.ctx.storage.sql.exec(`SELECT * FROM users WHERE id = '${id}'`); // want `sql.exec query interpolates id, which is not a constant: text spliced into SQL can rewrite the statement \(SQL injection\); bind values as parameters instead, sql.exec\("... WHERE id = \?", id\)`
    this.sql.exec("SELECT * FROM users WHERE name = '" + name + "'"); // want `concatenates name`
    const { sql } = this.ctx.storage;
    sql.exec(`SELECT * FROM users LIMIT ${n}`); // want `interpolates n`
    sql.exec(`SELECT * FROM users LIMIT ${Number(limit)}`); // want `interpolates Number\(limit\)`
    sql.exec(`SELECT * FROM ${this.dynamicTable}`); // want `interpolates this.dynamicTable`
    sql.exec(`SELECT * FROM ${mutable}`); // want `interpolates mutable`
    sql.exec(`SELECT * FROM t WHERE c = ${counter}`); // want `interpolates counter`
    sql.exec(String.raw`SELECT * FROM t WHERE id = ${id}`); // want `interpolates id`
    sql.exec(`SELECT * FROM t WHERE id IN (${[id, name].join(",")})`); // want `concatenates id`
    sql.exec(`SELECT * FROM t WHERE name = '${name.trim()}'`); // want `interpolates name.trim\(\)`
  }

  throughLocals(id: string, filter?: string) {
    const q = `SELECT * FROM users WHERE id = '${id}'`;
    this.sql.exec(q); // want `sql.exec query is built from id, which is not a constant`
    let where = "";
    if (filter) where = ` WHERE name = '${filter}'`;
    this.sql.exec("SELECT * FROM users" + where); // want `is built from filter`
    let query = "SELECT * FROM users";
    query += " WHERE id = " + id;
    this.sql.exec(query); // want `is built from id`
    this.sql.exec("SELECT * FROM users WHERE id = :id".replace(":id", id)); // want `sql.exec query splices in id`
    this.sql.exec("SELECT * FROM users WHERE ".concat(filter ?? "1")); // want `splices in filter \?\? "1"`
    this.sql.exec("SELECT * FROM users".replace("users", TABLE));
    const clause = `id = ${id}`;
    return this.sql.exec(`SELECT * FROM users WHERE ${clause}`); // want `sql.exec query is built from id, which is not a constant`
  }

  negatives(ids: string[], col: Column, dir: "ASC" | "DESC", key: keyof typeof COLUMNS, page: number, sortKey: keyof typeof SORTS) {
    const sql = this.ctx.storage.sql;
    sql.exec(`SELECT * FROM ${TABLE} LIMIT ${LIMIT}`);
    sql.exec("SELECT * FROM " + TABLE + " WHERE id = ?", ids[0]);
    sql.exec(`SELECT * FROM ${USERS_TABLE} WHERE status = '${Status.Active}'`);
    sql.exec(`SELECT * FROM ${this.table}`);
    sql.exec(`SELECT * FROM users ORDER BY ${col} ${dir}`);
    sql.exec(`SELECT * FROM users ORDER BY ${COLUMNS[key]}`);
    sql.exec(`SELECT * FROM users ORDER BY ${SORTS[sortKey]}`);
    sql.exec(`SELECT * FROM users ORDER BY name ${ORDERS[page % 2]}`);
    sql.exec(`SELECT * FROM users LIMIT ${Math.min(Math.max(page, 1), 100)}`);
    sql.exec(`SELECT * FROM users OFFSET ${Math.floor(page) * LIMIT}`);
    sql.exec(`SELECT * FROM users WHERE id IN (${ids.map(() => "?").join(",")})`, ...ids);
    sql.exec(`SELECT * FROM users WHERE id IN (${Array(ids.length).fill("?").join(", ")})`, ...ids);
    sql.exec(`SELECT * FROM users WHERE id IN (${"?, ".repeat(ids.length - 1)}?)`, ...ids);
    sql.exec(`SELECT * FROM users WHERE id IN (${ids.map((_, i) => `?${i + 1}`).join(",")})`, ...ids);
    const marks = ids.map(() => "?").join(",");
    sql.exec(`DELETE FROM users WHERE id IN (${marks})`, ...ids);
    sql.exec(`SELECT * FROM users WHERE n < ${ids.length}`);
    sql.exec(`SELECT * FROM users WHERE flag = ${ids.length > 0 ? 1 : 0}`);
    sql.exec(`SELECT * FROM users ${page > 1 ? "LIMIT 10" : ""}`);
    sql.exec(`SELECT * FROM users WHERE id IN (${this.placeholders(ids.length)})`, ...ids);
    // A tagged template is not a plain template: the tag binds the values.
    const q = sqlTag`SELECT * FROM users WHERE id = ${ids[0]}`;
    sql.exec(q.text, ...q.values);
    sql.exec(sqlTag`SELECT * FROM users WHERE id = ${ids[0]}`);
    // A query that is not built here is not reported.
    const passed = ids[0];
    sql.exec(passed);
    // Comments and strings mentioning ${x} are text.
    sql.exec("SELECT '${id}' AS literal");
  }

  placeholders(n: number) {
    return Array.from({ length: n }, () => "?").join(",");
  }
}

export class Legacy {
  constructor(private state: DurableObjectState) {}
  find(id: string) {
    return this.state.storage.sql.exec(`SELECT * FROM t WHERE id = ${id}`); // want `interpolates id`
  }
}

// Looks like a Durable Object but no binding names it and it does not
// extend DurableObject: its ctx is not known to be one.
export class NotBound {
  constructor(private ctx: { storage: { sql: { exec(q: string): void } } }) {}
  find(id: string) {
    this.ctx.storage.sql.exec(`SELECT * FROM t WHERE id = ${id}`);
  }
}

// No binding names it, but it extends DurableObject: analyzers/source
// counts it as a Durable Object (bound in another config, or not yet).
export class Unbound extends DurableObject {
  find(id: string) {
    this.ctx.storage.sql.exec(`SELECT * FROM t WHERE id = ${id}`); // want `interpolates id`
  }
}

export { findByEmail, count, byState, bound, other } from "./helpers";
export { purgeAll } from "./state";
export default { fetch: () => new Response("ok") };

const ALLOWED = ["name", "age"];
const SORTABLE = new Set(["name", "created"]);
const FIELDS = { name: "name", age: "age" } as const;

export class Guards extends DurableObject {
  static readonly TABLE = "users";
  static mutable = "users";
  get table() {
    return "users";
  }
  get input() {
    return String(this.ctx.id.name);
  }

  fields() {
    const sql = this.ctx.storage.sql;
    sql.exec(`SELECT * FROM ${Guards.TABLE}`);
    sql.exec(`SELECT * FROM ${this.table}`);
    sql.exec(`SELECT * FROM ${this.input}`); // want `interpolates this.input`
    sql.exec(`SELECT * FROM ${Guards.mutable}`); // want `interpolates Guards.mutable`
    Guards.mutable = String(this.ctx.id.name);
  }

  checked(col: string, sort: string, field: string, dir: string) {
    const sql = this.ctx.storage.sql;
    if (!ALLOWED.includes(col)) throw new Error("bad column");
    sql.exec(`SELECT ${col} FROM users`);
    if (SORTABLE.has(sort)) {
      sql.exec(`SELECT * FROM users ORDER BY ${sort}`);
    } else {
      sql.exec(`SELECT * FROM users ORDER BY ${sort}`); // want `interpolates sort`
    }
    sql.exec(`SELECT * FROM users ORDER BY name ${dir === "ASC" || dir === "DESC" ? dir : "ASC"}`);
    if (field in FIELDS) sql.exec(`SELECT ${field} FROM users`);
    if (!Object.hasOwn(FIELDS, field)) {
      return;
    }
    sql.exec(`SELECT ${field} FROM users`);
  }

  unchecked(col: string, other: string) {
    const sql = this.ctx.storage.sql;
    // A check that does not leave, or checks another name, proves nothing.
    if (!ALLOWED.includes(col)) console.warn("unknown column");
    sql.exec(`SELECT ${col} FROM users`); // want `interpolates col`
    if (ALLOWED.includes(other)) sql.exec(`SELECT ${col} FROM users`); // want `interpolates col`
    if (ALLOWED.includes(col) || col.length > 0) sql.exec(`SELECT ${col} FROM users`); // want `interpolates col`
  }
}

function run(sql: SqlStorage, query: string, ...params: unknown[]) {
  return sql.exec(query, ...params).toArray();
}

export class Wrapped extends DurableObject {
  private query(q: string, ...params: unknown[]) {
    return this.ctx.storage.sql.exec(q, ...params).toArray();
  }
  private first = (q: string) => this.query(q)[0];

  find(id: string) {
    this.query(`SELECT * FROM users WHERE id = '${id}'`); // want `the query query\(\) passes to sql.exec interpolates id`
    this.first("SELECT * FROM users WHERE id = " + id); // want `the query first\(\) passes to sql.exec concatenates id`
    run(this.ctx.storage.sql, `DELETE FROM users WHERE id = ${id}`); // want `the query run\(\) passes to sql.exec interpolates id`
    this.query("SELECT * FROM users WHERE id = ?", id);
    this.query(`SELECT * FROM ${TABLE}`);
    // Values whose text is known: the object's id, a UUID, a date.
    this.query(`SELECT * FROM t WHERE owner = '${this.ctx.id.toString()}'`);
    this.query(`INSERT INTO t VALUES ('${crypto.randomUUID()}', '${new Date().toISOString()}', ${Date.now()})`);
    this.query(`SELECT * FROM t WHERE owner = '${this.ctx.id.name}'`); // want `interpolates this.ctx.id.name`
    return run(this.ctx.storage.sql, "SELECT 1");
  }
}

export class Filters extends DurableObject {
  // Conditions with placeholders, values in a parallel list: safe.
  search(name?: string, minAge?: number) {
    const conds: string[] = [];
    const params: unknown[] = [];
    if (name) {
      conds.push("name = ?");
      params.push(name);
    }
    if (minAge !== undefined) {
      conds.push("age >= ?");
      params.push(minAge);
    }
    const where = conds.length ? `WHERE ${conds.join(" AND ")}` : "";
    return this.ctx.storage.sql.exec(`SELECT * FROM users ${where}`, ...params).toArray();
  }

  // The same list with a value pushed into it: reported.
  unsafe(name: string) {
    const conds: string[] = ["1 = 1"];
    conds.push(`name = '${name}'`);
    return this.ctx.storage.sql.exec(`SELECT * FROM users WHERE ${conds.join(" AND ")}`); // want `interpolates conds.join`
  }

  allowlistMutated(key: string, value: string) {
    const COLS: Record<string, string> = { a: "a" };
    COLS[key] = value;
    return this.ctx.storage.sql.exec(`SELECT ${COLS[key]} FROM users`); // want `interpolates COLS\[key\]`
  }
}
