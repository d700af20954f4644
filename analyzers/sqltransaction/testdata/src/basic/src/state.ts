// The only storage type this module names is DurableObjectState.
export function reset(state: DurableObjectState) {
  state.storage.sql.exec("BEGIN"); // want `runs BEGIN`
  state.storage.sql.exec("DELETE FROM t");
  state.storage.sql.exec("COMMIT"); // want `runs COMMIT`
}
