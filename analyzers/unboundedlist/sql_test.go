package unboundedlist

import "testing"

func TestUnboundedSelect(t *testing.T) {
	for _, c := range []struct {
		sql   string
		table string
	}{
		{"SELECT * FROM events", "EVENTS"},
		{"select at, body from events order by at desc, body", "EVENTS"},
		{`SELECT "body" FROM "events" -- all of them`, "EVENTS"},
		{"SELECT DISTINCT body FROM main.events", "EVENTS"},
		{"SELECT * FROM events WHERE at > ?", ""},
		{"SELECT * FROM events LIMIT 10", ""},
		{"SELECT * FROM events ORDER BY at LIMIT ?", ""},
		{"SELECT COUNT(*) FROM events", ""},
		{"SELECT max(at) AS last FROM events", ""},
		{"SELECT kind, count(*) FROM events GROUP BY kind", ""},
		{"SELECT * FROM events, users", ""},
		{"SELECT * FROM events JOIN users ON users.id = events.user", ""},
		{"SELECT * FROM events UNION SELECT * FROM old", ""},
		{"SELECT * FROM pragma_table_info('events')", ""},
		{"SELECT * FROM (SELECT * FROM events LIMIT 5)", ""},
		{"SELECT 1", ""},
		{"SELECT * FROM events; DELETE FROM events", ""},
		{"INSERT INTO events VALUES (1)", ""},
	} {
		got, ok := unboundedSelect(c.sql)
		if (c.table != "") != ok || got != c.table {
			t.Errorf("unboundedSelect(%q) = %q, %v; want %q", c.sql, got, ok, c.table)
		}
	}
}

func TestWrite(t *testing.T) {
	for _, c := range []struct {
		sql   string
		table string
		kind  writeKind
	}{
		{"INSERT INTO events (at) VALUES (?)", "EVENTS", plainInsert},
		{"insert into `events` values (?, ?)", "EVENTS", plainInsert},
		{"INSERT INTO kv (k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v", "KV", shrink},
		{"INSERT OR REPLACE INTO kv VALUES (?, ?)", "KV", shrink},
		{"INSERT OR IGNORE INTO seen VALUES (?)", "SEEN", shrink},
		{"REPLACE INTO kv VALUES (?, ?)", "KV", shrink},
		{"DELETE FROM events WHERE at < ?", "EVENTS", shrink},
		{"DROP TABLE IF EXISTS events", "EVENTS", shrink},
		{"DELETE FROM ?HOLE? WHERE id = ?", "", unknownTable},
		{"WITH old AS (SELECT 1) DELETE FROM events", "", unknownTable},
		{"CREATE TABLE events (at INTEGER)", "", noWrite},
		{"UPDATE events SET at = 1", "", noWrite},
	} {
		sts := statements(c.sql)
		if len(sts) != 1 {
			t.Fatalf("statements(%q) = %d statements", c.sql, len(sts))
		}
		table, kind := sts[0].write()
		if table != c.table || kind != c.kind {
			t.Errorf("write(%q) = %q, %d; want %q, %d", c.sql, table, kind, c.table, c.kind)
		}
	}
}
