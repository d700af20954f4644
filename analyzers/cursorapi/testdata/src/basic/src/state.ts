// The only storage type this module names is DurableObjectState.
export function lastUser(state: DurableObjectState) {
  return state.storage.sql.exec("SELECT * FROM users ORDER BY id DESC LIMIT 1").rows; // want `no rows property`
}
