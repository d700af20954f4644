import { DurableObject } from "cloudflare:workers";

// Quotes doubled, the value spliced inside the same quotes: it cannot
// leave the SQL string literal or quoted name.
const quoteName = (name: string) => `"${name.replace(/"/g, '""')}"`;
function literal(s: string) {
  return `'${s.replaceAll("'", "''")}'`;
}

export class Notes extends DurableObject {
  escaped(title: string, table: string, tag: string) {
    const sql = this.ctx.storage.sql;
    const safeTitle = title.replace(/'/g, "''");
    sql.exec(`INSERT INTO notes (title) VALUES ('${safeTitle}')`);
    sql.exec(`SELECT * FROM notes WHERE title = '${title.replaceAll("'", "''")}'`);
    sql.exec(`SELECT * FROM notes WHERE title = 'x' OR title = '${title.replace(/\'/g, "''")}'`);
    sql.exec(`DROP TABLE IF EXISTS ${quoteName(table)}`);
    const quoted = quoteName(`tmp_${table}`);
    sql.exec(`CREATE TABLE ${quoted} (id TEXT)`);
    sql.exec(`SELECT * FROM notes WHERE tag = ${literal(tag)}`);
    sql.exec(`SELECT * FROM "${table.replace(/"/g, '""')}" WHERE title = 'it''s'`);
  }

  notEscaped(title: string, table: string) {
    const sql = this.ctx.storage.sql;
    const safeTitle = title.replace(/'/g, "''");
    // Doubled ' but spliced between double quotes, or outside any quotes.
    sql.exec(`SELECT * FROM notes WHERE title = "${safeTitle}"`); // want `interpolates safeTitle`
    sql.exec(`SELECT * FROM notes WHERE id = ${safeTitle}`); // want `interpolates safeTitle`
    // '' is an empty literal: the value that follows is outside it.
    sql.exec(`SELECT * FROM notes WHERE title = ''${safeTitle}'`); // want `interpolates safeTitle`
    // Only the first quote replaced, or a backslash escape SQLite ignores.
    sql.exec(`SELECT * FROM notes WHERE title = '${title.replace(/'/, "''")}'`); // want `interpolates title.replace`
    sql.exec(`SELECT * FROM notes WHERE title = '${title.replace(/'/g, "\\'")}'`); // want `interpolates title.replace`
    sql.exec(`SELECT * FROM notes WHERE title = '${title.replace("'", "''")}'`); // want `interpolates title.replace`
    // An escaped quote in the template is a quote in the SQL: the literal
    // 'a' ends before the value.
    sql.exec(`SELECT * FROM notes WHERE title = 'a\'${safeTitle}'`); // want `interpolates safeTitle`
    // The value's own quotes are doubled, but the literal ends right after it.
    sql.exec(`SELECT * FROM notes WHERE title = '${safeTitle}` + "' OR 1=1"); // want `interpolates safeTitle`
    let mutable = title.replace(/"/g, '""');
    mutable = title;
    sql.exec(`SELECT * FROM "${mutable}"`); // want `interpolates mutable`
    sql.exec(`SELECT * FROM "${table.replace(/'/g, "''")}"`); // want `interpolates table.replace`
  }
}

export default { fetch: () => new Response("ok") };
