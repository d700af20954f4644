export function migrate(sql: SqlStorage) {
  sql.exec("BEGIN"); // want `runs BEGIN`
  sql.exec("CREATE TABLE t (a)");
  sql.exec("COMMIT"); // want `runs COMMIT`
}

// Untyped: not known to be a Durable Object's SQL storage.
export function other(db: any) {
  db.exec("BEGIN");
}
