package store

import (
	"strings"
	"testing"
)

func mustExec(t *testing.T, d *DB, q string, args ...any) *Cursor {
	t.Helper()
	cu, err := d.Exec(q, args)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return cu
}

func drainAll(t *testing.T, cu *Cursor) [][]any {
	t.Helper()
	var out [][]any
	for {
		r, err := cu.Next()
		if err != nil {
			t.Fatal(err)
		}
		if r == nil {
			return out
		}
		out = append(out, r)
	}
}

func counters(cu *Cursor) [2]int {
	r, w := cu.Counters()
	return [2]int{r, w}
}

func TestRowCounters(t *testing.T) {
	d, err := Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if got := counters(mustExec(t, d, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, a, b)")); got != [2]int{1, 2} {
		t.Errorf("create table: %v", got)
	}
	if got := counters(mustExec(t, d, "INSERT INTO t (name) VALUES ('a')")); got != [2]int{0, 1} {
		t.Errorf("insert: %v", got)
	}
	if got := counters(mustExec(t, d, "INSERT INTO t (name) VALUES ('b'), ('c'), ('d')")); got != [2]int{0, 3} {
		t.Errorf("insert 3: %v", got)
	}
	cu := mustExec(t, d, "INSERT INTO t (name) VALUES ('e') RETURNING id, name")
	drainAll(t, cu)
	if got := counters(cu); got != [2]int{1, 1} {
		t.Errorf("insert returning: %v", got)
	}
	cu = mustExec(t, d, "SELECT * FROM t")
	if got := counters(cu); got != [2]int{1, 0} {
		t.Errorf("select after exec: %v", got)
	}
	cu.Next()
	if got := counters(cu); got != [2]int{2, 0} {
		t.Errorf("select after one next: %v", got)
	}
	if rows := drainAll(t, cu); len(rows) != 4 {
		t.Errorf("rows %d", len(rows))
	}
	if got := counters(cu); got != [2]int{5, 0} {
		t.Errorf("select after iterate: %v", got)
	}
	cu = mustExec(t, d, "UPDATE t SET a = 1 WHERE name <= 'c'")
	if got := counters(cu); got != [2]int{5, 3} {
		t.Errorf("update: %v", got)
	}
	cu = mustExec(t, d, "SELECT 1 AS a; SELECT 2 AS b")
	if got := drainAll(t, cu); len(got) != 1 || cu.Columns[0] != "b" {
		t.Errorf("multi: %v %v", got, cu.Columns)
	}
	if got := counters(cu); got != [2]int{0, 0} {
		t.Errorf("multi counters: %v", got)
	}
	// Building an index writes the schema row and one entry per row. (Its
	// reads are not asserted: workerd also counts the index cursor's
	// SeekEnd positionings, which the sandbox does not see.)
	cu = mustExec(t, d, "CREATE INDEX ti ON t(name)")
	if _, w := cu.Counters(); w != 6 {
		t.Errorf("create index: %d rows written, want 6", w)
	}
	cu = mustExec(t, d, "INSERT INTO t (name) VALUES ('f')")
	if got := counters(cu); got != [2]int{0, 2} {
		t.Errorf("insert with index: %v", got)
	}
	mustExec(t, d, "DROP INDEX ti")
	cu2 := mustExec(t, d, "DELETE FROM t WHERE name = 'e'")
	if got := counters(cu2); got != [2]int{6, 1} {
		t.Errorf("delete: %v", got)
	}
}

func TestErrors(t *testing.T) {
	d, _ := Open("")
	defer d.Close()
	mustExec(t, d, "CREATE TABLE t (id INTEGER PRIMARY KEY)")
	mustExec(t, d, "INSERT INTO t VALUES (1)")
	d.Put([]KV{{"k", []byte{1}}})
	for q, want := range map[string]string{
		"SELEC 1":                                 `near "SELEC": syntax error at offset 0: SQLITE_ERROR`,
		"SELECT * FROM missing":                   `no such table: missing: SQLITE_ERROR`,
		"INSERT INTO t VALUES (1)":                `UNIQUE constraint failed: t.id: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_PRIMARYKEY)`,
		"VACUUM":                                  `cannot VACUUM from within a transaction: SQLITE_ERROR`,
		"SELECT sqlite_version()":                 `not authorized to use function: sqlite_version at offset 7: SQLITE_ERROR`,
		"SELECT * FROM _cf_KV":                    `access to _cf_KV.key is prohibited: SQLITE_AUTH`,
		"CREATE TABLE _cf_x (a)":                  `not authorized: SQLITE_AUTH`,
		"PRAGMA journal_mode":                     `not authorized: SQLITE_AUTH`,
		"ATTACH DATABASE 'x' AS y":                `not authorized: SQLITE_AUTH`,
		"BEGIN TRANSACTION":                       MsgTransaction,
		"INSERT INTO t VALUES (9); SAVEPOINT sp1": MsgTransaction,
		"":                   MsgNoStatement,
		"SELECT ?; SELECT ?": MsgMultiParams,
		"SELECT ?, ?":        MsgWrongBindings,
	} {
		var args []any
		if strings.Contains(q, "?") {
			args = []any{1.0}
		}
		_, err := d.Exec(q, args)
		if err == nil || err.Error() != want {
			t.Errorf("%q: got %v, want %s", q, err, want)
		}
	}
	if _, err := d.Exec("SELECT ?1, ?1", []any{2.0}); err != nil {
		t.Error(err)
	}
	for _, q := range []string{"PRAGMA foreign_keys = ON", "PRAGMA table_list", "PRAGMA table_info(t)", "SELECT json_extract('{\"a\":1}', '$.a')"} {
		if _, err := d.Exec(q, nil); err != nil {
			t.Errorf("%s: %v", q, err)
		}
	}
}

func TestKVOrderAndList(t *testing.T) {
	d, _ := Open("")
	defer d.Close()
	for _, k := range []string{"5", "Z", "10", "", "\x00", "9", "pre:1", "pre:2", "pre:3"} {
		d.Put([]KV{{k, []byte(k)}})
	}
	kvs, _ := d.List(ListOptions{})
	var keys []string
	for _, kv := range kvs {
		keys = append(keys, kv.Key)
	}
	if got := strings.Join(keys, "|"); got != "|\x00|10|5|9|Z|pre:1|pre:2|pre:3" {
		t.Errorf("order %q", got)
	}
	kvs, _ = d.List(ListOptions{Prefix: "pre:", Start: "pre:2", HasStart: true})
	if len(kvs) != 2 || kvs[0].Key != "pre:2" {
		t.Errorf("prefix+start %v", kvs)
	}
	kvs, _ = d.List(ListOptions{Reverse: true, Limit: 2})
	if len(kvs) != 2 || kvs[0].Key != "pre:3" || kvs[1].Key != "pre:2" {
		t.Errorf("reverse limit %v", kvs)
	}
	if n, _ := d.Delete([]string{"5", "nope"}); n != 1 {
		t.Errorf("delete %d", n)
	}
}

// TestRowCountersObserved replays statements whose counters were observed
// on workerd (rows read and written right after exec and after reading
// every row).
func TestRowCountersObserved(t *testing.T) {
	d, err := Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, c := range []struct {
		q    string
		want [4]int
	}{
		{"CREATE TABLE u (a UNIQUE, b)", [4]int{1, 3, 1, 3}},
		{"INSERT INTO u VALUES (1, 2)", [4]int{0, 2, 0, 2}},
		{"INSERT INTO u VALUES (2, 2), (3, 3)", [4]int{0, 4, 0, 4}},
		{"UPDATE u SET b = 5 WHERE a = 2", [4]int{1, 1, 1, 1}},
		{"SELECT count(*) FROM u", [4]int{3, 0, 3, 0}},
		{"SELECT max(a) FROM u", [4]int{1, 0, 1, 0}},
		{"SELECT * FROM u WHERE rowid = 2", [4]int{1, 0, 1, 0}},
		{"SELECT * FROM u WHERE rowid = 9", [4]int{1, 0, 1, 0}},
		{"DELETE FROM u WHERE a = 3", [4]int{1, 1, 1, 1}},
		{"SELECT DISTINCT b FROM u", [4]int{1, 0, 2, 0}},
		{"SELECT b, count(*) FROM u GROUP BY b", [4]int{4, 0, 4, 0}},
		{"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 5) SELECT * FROM c", [4]int{1, 0, 6, 0}},
		{"CREATE TABLE w (k TEXT PRIMARY KEY, v) WITHOUT ROWID", [4]int{1, 2, 1, 2}},
		{"INSERT INTO w VALUES ('a', 1), ('b', 2)", [4]int{0, 2, 0, 2}},
		{"INSERT OR REPLACE INTO w VALUES ('a', 3)", [4]int{0, 1, 0, 1}},
		{"SELECT * FROM w WHERE k = 'a'", [4]int{1, 0, 1, 0}},
		{"SELECT * FROM w WHERE k > 'a'", [4]int{1, 0, 1, 0}},
		{"CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)", [4]int{1, 2, 1, 2}},
		{"INSERT INTO t (name) VALUES ('x0'), ('x1'), ('x2')", [4]int{0, 3, 0, 3}},
		{"CREATE INDEX ti ON t(name)", [4]int{-1, 4, -1, 4}},
		{"SELECT name FROM t ORDER BY name DESC", [4]int{1, 0, 3, 0}},
		{"SELECT * FROM t WHERE name = 'x0'", [4]int{1, 0, 2, 0}},
		{"SELECT * FROM t WHERE name = 'zz'", [4]int{0, 0, 0, 0}},
		{"DELETE FROM t", [4]int{0, 3, 0, 3}},
	} {
		cu := mustExec(t, d, c.q)
		r0, w0 := cu.Counters()
		drainAll(t, cu)
		r1, w1 := cu.Counters()
		got := [4]int{r0, w0, r1, w1}
		if c.want[0] < 0 {
			got[0], got[2] = -1, -1
		}
		if got != c.want {
			t.Errorf("%s: got %v, want %v", c.q, got, c.want)
		}
	}
}
