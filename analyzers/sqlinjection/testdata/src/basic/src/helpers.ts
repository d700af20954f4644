export function findByEmail(sql: SqlStorage, email: string) {
  return sql.exec(`SELECT * FROM users WHERE email = '${email}'`).toArray(); // want `sql.exec query interpolates email`
}

export function count(storage: DurableObjectStorage, table: string) {
  return storage.sql.exec("SELECT count(*) FROM " + table).one(); // want `sql.exec query concatenates table`
}

export function byState(state: DurableObjectState, id: string) {
  return state.storage.sql.exec(`SELECT * FROM users WHERE id = ${id}`); // want `interpolates id`
}

export function bound(sql: SqlStorage, id: string) {
  return sql.exec("SELECT * FROM users WHERE id = ?", id);
}

// Untyped: nothing says this is a Durable Object's SQL.
export function other(db: { exec(q: string): void }, id: string) {
  db.exec(`DELETE FROM t WHERE id = ${id}`);
}

// A typed wrapper outside any class: its callers in this module are
// checked as well.
function runQuery(sql: SqlStorage, q: string) {
  return sql.exec(q);
}

export function purge(sql: SqlStorage, table: string) {
  runQuery(sql, `DELETE FROM ${table}`); // want `the query runQuery\(\) passes to sql.exec interpolates table`
}
