// The only storage type this module names is DurableObjectState.
export function purgeAll(state: DurableObjectState, table: string) {
  state.storage.sql.exec("DELETE FROM " + table); // want `sql.exec query concatenates table`
}
