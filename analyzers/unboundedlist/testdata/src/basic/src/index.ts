import { DurableObject } from "cloudflare:workers";

const ALL = "SELECT * FROM events ORDER BY at";

export class Log extends DurableObject {
  sql = this.ctx.storage.sql;
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS events (at INTEGER, body TEXT)");
    // Loading at start-up is not a request handler.
    this.cache = ctx.storage.sql.exec("SELECT * FROM events").toArray();
  }
  cache: unknown[];

  add(body: string) {
    this.sql.exec("INSERT INTO events (at, body) VALUES (?, ?)", Date.now(), body);
  }

  async fetch() {
    const rows = this.sql.exec("SELECT at, body FROM events ORDER BY at").toArray(); // want `this SELECT reads every row of events at once \(no LIMIT, no WHERE\), and Log inserts into events but never deletes from it, so the table only grows and each call costs more time and memory \(an isolate has 128 MB\); read a page with WHERE on a key and LIMIT, or delete old rows`
    return Response.json(rows);
  }

  raw() {
    return this.ctx.storage.sql.exec(ALL).raw().toArray(); // want `every row of events`
  }

  spread() {
    return [...this.sql.exec("SELECT body FROM events")]; // want `every row of events`
  }

  from() {
    return Array.from(this.sql.exec("SELECT body FROM events")); // want `every row of events`
  }

  // Nearest negatives: bounded queries, one row, a lazy cursor.
  page(before: number) {
    return this.sql.exec("SELECT * FROM events WHERE at < ? ORDER BY at DESC LIMIT 50", before).toArray();
  }
  latest() {
    return this.sql.exec("SELECT * FROM events ORDER BY at DESC LIMIT 1").toArray();
  }
  count() {
    return this.sql.exec("SELECT COUNT(*) AS n FROM events").one();
  }
  *stream() {
    for (const row of this.sql.exec("SELECT * FROM events")) yield row;
  }
  countAll() {
    return this.sql.exec("SELECT count(*) FROM events").toArray();
  }
}

// Old rows are deleted, so the table is bounded by what is kept.
export class Trimmed extends DurableObject {
  add(body: string) {
    this.ctx.storage.sql.exec("INSERT INTO events (at, body) VALUES (?, ?)", Date.now(), body);
    this.ctx.storage.sql.exec("DELETE FROM events WHERE at < ?", Date.now() - 86_400_000);
  }
  all() {
    return this.ctx.storage.sql.exec("SELECT * FROM events").toArray();
  }
}

// An upsert keeps one row per key.
export class Settings extends DurableObject {
  set(key: string, value: string) {
    this.ctx.storage.sql.exec("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value);
  }
  all() {
    return this.ctx.storage.sql.exec("SELECT * FROM settings").toArray();
  }
}

// A query whose text is not known may delete rows.
export class Dynamic extends DurableObject {
  add(body: string) {
    this.ctx.storage.sql.exec("INSERT INTO events (body) VALUES (?)", body);
  }
  run(query: string) {
    return this.ctx.storage.sql.exec(query).toArray();
  }
  all() {
    return this.ctx.storage.sql.exec("SELECT * FROM events").toArray();
  }
}

// deleteAll() empties every table.
export class Reset extends DurableObject {
  add(body: string) {
    this.ctx.storage.sql.exec("INSERT INTO events (body) VALUES (?)", body);
  }
  async reset() {
    await this.ctx.storage.deleteAll();
  }
  all() {
    return this.ctx.storage.sql.exec("SELECT * FROM events").toArray();
  }
}

export default { fetch: () => new Response("ok") };
