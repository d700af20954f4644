import { DurableObject } from "cloudflare:workers";

const TABLES = ["events", "outbox"] as const;

export class Store extends DurableObject {
  // Each name comes from a constant list.
  dump() {
    const sql = this.ctx.storage.sql;
    const rows = ["users", "orders"].flatMap((table) => sql.exec(`SELECT * FROM ${table}`).toArray());
    for (const table of ["sessions", "tokens"]) {
      sql.exec(`DELETE FROM ${table}`);
    }
    for (const t of TABLES) sql.exec(`DELETE FROM ${t}`);
    TABLES.forEach((t) => sql.exec(`DELETE FROM ${t}`));
    const counts = Object.fromEntries(
      TABLES.map(function (t) {
        return [t, sql.exec(`SELECT count(*) FROM ${t} ORDER BY rowid`).one()];
      }),
    );
    return [rows, counts];
  }

  // Names from outside, or a loop variable given another value.
  wipe(tables: string[], extra: string) {
    const sql = this.ctx.storage.sql;
    tables.forEach((t) => sql.exec(`DELETE FROM ${t}`)); // want `interpolates t`
    for (const t of tables) sql.exec(`DELETE FROM ${t}`); // want `interpolates t`
    for (let t of TABLES) {
      if (extra) t = extra as any;
      sql.exec(`DELETE FROM ${t}`); // want `interpolates t`
    }
    [...TABLES, extra].map((t) => sql.exec(`DELETE FROM ${t}`)); // want `interpolates t`
    TABLES.forEach((t, i, all) => sql.exec(`DELETE FROM ${all[i + 1] ?? extra}`)); // want `interpolates all\[i \+ 1\] \?\? extra`
  }
}

export default { fetch: () => new Response("ok") };
