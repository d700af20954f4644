import { DurableObject } from "cloudflare:workers";

const TABLE = "users";

export class Users extends DurableObject {
  sql = this.ctx.storage.sql;

  quoted(id: string, name: string) {
    return this.sql.exec(`SELECT * FROM ${TABLE} WHERE id = '${id}' AND name = '${name}'`).toArray(); // want `interpolates id`
  }

  numeric(n: number, page: number) {
    return this.sql.exec(`SELECT * FROM users ORDER BY name LIMIT ${n} OFFSET ${page * n}`).toArray(); // want `interpolates n`
  }

  merged(id: string, since: number) {
    // Existing bindings keep their order around the new ones.
    return this.sql.exec(`SELECT * FROM users WHERE created > ? AND id = '${id}' AND age < ?`, since, 40).toArray(); // want `interpolates id`
  }

  values(id: string, name: string, age: number) {
    this.sql.exec(`INSERT INTO users (id, name, age) VALUES ('${id}', '${name}', ${age})`); // want `interpolates id`
  }

  multiline(id: string) {
    return this.sql.exec(`-- the want comment is SQL text here: // want "interpolates id"
      SELECT *
      FROM users
      WHERE id = ${id}
    `).one();
  }

  concatenated(id: string, n: number) {
    this.sql.exec("SELECT * FROM " + TABLE + " WHERE id = '" + id + "' AND n > " + n + " AND note = 'it''s `raw` ${x}'"); // want `concatenates id`
    this.sql.exec('DELETE FROM users WHERE id = "' + id + '"'); // want `concatenates id`
    this.sql.exec(n + " = n"); // want `concatenates n`
  }

  // No fix: names cannot be bound.
  column(col: string, id: string) {
    return this.sql.exec(`SELECT ${col} FROM users WHERE id = '${id}'`); // want `interpolates col`
  }

  table(t: string) {
    return this.sql.exec(`SELECT * FROM ${t}`); // want `interpolates t`
  }

  // No fix: part of a longer string, a list, an earlier statement, numbered parameters.
  like(q: string) {
    return this.sql.exec(`SELECT * FROM users WHERE name LIKE '%${q}%'`); // want `interpolates q`
  }

  list(ids: string[]) {
    return this.sql.exec(`SELECT * FROM users WHERE id IN (${ids.join(",")})`); // want `interpolates ids.join`
  }

  statements(id: string) {
    this.sql.exec(`DELETE FROM users WHERE id = '${id}'; SELECT changes()`); // want `interpolates id`
  }

  numbered(id: string, name: string) {
    this.sql.exec(`SELECT * FROM users WHERE name = ?1 AND id = '${id}'`, name); // want `interpolates id`
  }

  viaLocal(id: string) {
    const q = `SELECT * FROM users WHERE id = '${id}'`;
    this.sql.exec(q); // want `is built from id`
  }
}

export default { fetch: () => new Response("ok") };
