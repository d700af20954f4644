export function listUsers(sql: SqlStorage) {
  return sql.exec("SELECT * FROM users").rows; // want `no rows property`
}

export function firstUser(storage: DurableObjectStorage) {
  const cur = storage.sql.exec("SELECT * FROM users LIMIT 1");
  return cur.first(); // want `"TypeError: cur.first is not a function"`
}

export function fine(state: DurableObjectState) {
  return state.storage.sql.exec("SELECT * FROM users").toArray();
}

// Untyped: not known to be a Durable Object's SQL storage.
export function untyped(db: any) {
  return db.exec("SELECT 1").rows;
}
