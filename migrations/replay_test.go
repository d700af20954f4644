package migrations

import (
	"fmt"
	"go/token"
	"sort"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/wrangler"
)

// steps parses a migrations list written as JSON.
func steps(t *testing.T, list string) (*wrangler.Config, []*wrangler.Migration) {
	t.Helper()
	src := `{"migrations": ` + list + `}`
	fset := token.NewFileSet()
	f := fset.AddFile("wrangler.jsonc", -1, len(src))
	f.SetLinesForContent([]byte(src))
	cfg := wrangler.Parse(f, "wrangler.jsonc", []byte(src))
	for _, p := range cfg.Problems {
		t.Fatalf("config problem: %s", p.Message)
	}
	return cfg, cfg.Top.Migrations.Steps
}

// classes renders the live classes as "Name:backend@step" sorted by name.
func classes(m map[string]*Class) string {
	var out []string
	for name, c := range m {
		if name != c.Name {
			out = append(out, "MISMATCH "+name)
		}
		out = append(out, fmt.Sprintf("%s:%s@%d", c.Name, c.Backend, c.Step))
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// offsetOf returns the offset of the nth occurrence of needle in the
// config source.
func offsetOf(t *testing.T, cfg *wrangler.Config, needle string, n int) int {
	t.Helper()
	src := string(cfg.Src)
	off := 0
	for i := 0; ; i++ {
		j := strings.Index(src[off:], needle)
		if j < 0 {
			t.Fatalf("test bug: %q #%d not found", needle, n)
		}
		if i == n {
			return off + j
		}
		off += j + 1
	}
}

type failure struct {
	at       string // the offending class string, quotes included
	n        int
	msg      string
	wrangler bool
	real     bool
}

func TestReplay(t *testing.T) {
	cases := []struct {
		name     string
		list     string
		live     string
		transfer string
		fails    []failure
	}{
		{name: "empty", list: `[]`},
		{name: "create both kinds", list: `[{"tag": "v1", "new_classes": ["A"], "new_sqlite_classes": ["B"]}]`,
			live: "A:kv@0 B:sqlite@0"},
		{name: "delete", list: `[{"tag": "v1", "new_sqlite_classes": ["A", "B"]}, {"tag": "v2", "deleted_classes": ["A"]}]`,
			live: "B:sqlite@0"},
		{name: "rename keeps backend", list: `[{"tag": "v1", "new_classes": ["A"]}, {"tag": "v2", "renamed_classes": [{"from": "A", "to": "B"}]}]`,
			live: "B:kv@1"},
		{name: "rename overwrites existing to", list: `[{"tag": "v1", "new_classes": ["A"], "new_sqlite_classes": ["B"]}, {"tag": "v2", "renamed_classes": [{"from": "A", "to": "B"}]}]`,
			live: "B:kv@1"},
		{name: "delete missing", list: `[{"tag": "v1", "deleted_classes": ["A"]}]`,
			fails: []failure{{at: `"A"`, msg: "Cannot apply deleted_classes migration to non-existent class A", wrangler: true, real: true}}},
		{name: "rename missing", list: `[{"tag": "v1", "new_sqlite_classes": ["B"]}, {"tag": "v2", "renamed_classes": [{"from": "A", "to": "C"}]}]`,
			live:  "B:sqlite@0",
			fails: []failure{{at: `"A"`, msg: "Cannot apply renamed_classes migration to non-existent class A", wrangler: true, real: true}}},
		{name: "create existing kv", list: `[{"tag": "v1", "new_sqlite_classes": ["A"]}, {"tag": "v2", "new_classes": ["A"]}]`,
			live:  "A:sqlite@0",
			fails: []failure{{at: `"A"`, n: 1, msg: "Cannot apply new_classes migration to existing class A", wrangler: true, real: true}}},
		// Observed with wrangler dev 4.86: the same tag twice, both
		// creating X, fails on the second.
		{name: "duplicate tag recreates", list: `[{"tag": "v1", "new_sqlite_classes": ["X"]}, {"tag": "v1", "new_sqlite_classes": ["X"]}]`,
			live:  "X:sqlite@0",
			fails: []failure{{at: `"X"`, n: 1, msg: "Cannot apply new_sqlite_classes migration to existing class X", wrangler: true, real: true}}},
		{name: "same class twice in one list", list: `[{"tag": "v1", "new_classes": ["A", "A"]}]`,
			live:  "A:kv@0",
			fails: []failure{{at: `"A"`, n: 1, msg: "Cannot apply new_classes migration to existing class A", wrangler: true, real: true}}},
		// Within one step, delete runs before create whatever the key order.
		{name: "delete then recreate in one step", list: `[{"tag": "v1", "new_classes": ["A"]}, {"tag": "v2", "new_sqlite_classes": ["A"], "deleted_classes": ["A"]}]`,
			live: "A:sqlite@1"},
		// ... so create-then-delete of a new class in one step fails.
		{name: "create and delete new class in one step", list: `[{"tag": "v1", "new_sqlite_classes": ["A"], "deleted_classes": ["A"]}]`,
			live:  "A:sqlite@0",
			fails: []failure{{at: `"A"`, n: 1, msg: "Cannot apply deleted_classes migration to non-existent class A", wrangler: true, real: true}}},
		// Rename runs before create: the old name is free again.
		{name: "rename then reuse name", list: `[{"tag": "v1", "new_classes": ["A"]}, {"tag": "v2", "new_classes": ["A"], "renamed_classes": [{"from": "A", "to": "B"}]}]`,
			live: "A:kv@1 B:kv@1"},
		// Delete runs before rename: a class cannot be renamed away after
		// being deleted in the same step.
		{name: "delete then rename", list: `[{"tag": "v1", "new_classes": ["A"]}, {"tag": "v2", "renamed_classes": [{"from": "A", "to": "B"}], "deleted_classes": ["A"]}]`,
			fails: []failure{{at: `"A"`, n: 1, msg: "Cannot apply renamed_classes migration to non-existent class A", wrangler: true, real: true}}},
		// All failures are collected; Err is the first.
		{name: "several failures", list: `[{"tag": "v1", "deleted_classes": ["Q"]}, {"tag": "v2", "new_classes": ["R"], "new_sqlite_classes": ["R"]}]`,
			live: "R:kv@1",
			fails: []failure{
				{at: `"Q"`, msg: "Cannot apply deleted_classes migration to non-existent class Q", wrangler: true, real: true},
				{at: `"R"`, n: 1, msg: "Cannot apply new_sqlite_classes migration to existing class R", wrangler: true, real: true}}},
		// wrangler ignores transferred_classes, so deleting a transferred
		// class fails locally (workers-sdk#15741) though it is fine when
		// deployed.
		{name: "transfer then delete", list: `[{"tag": "v1", "transferred_classes": [{"from": "A", "from_script": "old", "to": "T"}]}, {"tag": "v2", "deleted_classes": ["T"]}]`,
			fails: []failure{{at: `"T"`, n: 1, msg: "Cannot apply deleted_classes migration to non-existent class T", wrangler: true, real: false}}},
		{name: "transfer then rename", list: `[{"tag": "v1", "transferred_classes": [{"from": "A", "from_script": "old", "to": "T"}]}, {"tag": "v2", "renamed_classes": [{"from": "T", "to": "U"}]}]`,
			transfer: "U:unknown@1",
			fails:    []failure{{at: `"T"`, n: 1, msg: "Cannot apply renamed_classes migration to non-existent class T", wrangler: true, real: false}}},
		{name: "transfer then create", list: `[{"tag": "v1", "transferred_classes": [{"from": "A", "from_script": "old", "to": "T"}]}, {"tag": "v2", "new_sqlite_classes": ["T"]}]`,
			transfer: "T:unknown@0",
			fails:    []failure{{at: `"T"`, n: 1, msg: "Cannot apply new_sqlite_classes migration to existing class T", wrangler: false, real: true}}},
		{name: "transfer kept apart", list: `[{"tag": "v1", "new_sqlite_classes": ["A"], "transferred_classes": [{"from": "X", "from_script": "s", "to": "T"}]}]`,
			live: "A:sqlite@0", transfer: "T:unknown@0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, st := steps(t, c.list)
			r := Replay(st)
			if got := classes(r.Classes); got != c.live {
				t.Errorf("classes = %q, want %q", got, c.live)
			}
			if got := classes(r.Transferred); got != c.transfer {
				t.Errorf("transferred = %q, want %q", got, c.transfer)
			}
			if len(r.Failures) != len(c.fails) {
				t.Fatalf("failures = %d %v, want %d", len(r.Failures), r.Failures, len(c.fails))
			}
			var firstWrangler *Failure
			for i, f := range r.Failures {
				w := c.fails[i]
				if f.Message != w.msg || f.Error() != w.msg || f.Wrangler != w.wrangler || f.Real != w.real {
					t.Errorf("failure %d = %+v, want %+v", i, f, w)
				}
				want := offsetOf(t, cfg, w.at, w.n)
				if got := cfg.File.Offset(f.Class.Pos); got != want || cfg.File.Offset(f.Class.End) != want+len(w.at) {
					t.Errorf("failure %d at %d, want %d", i, got, want)
				}
				if firstWrangler == nil && f.Wrangler {
					firstWrangler = f
				}
			}
			if r.Err != firstWrangler {
				t.Errorf("Err = %v, want %v", r.Err, firstWrangler)
			}
		})
	}
}

func TestReplayCreatedPosition(t *testing.T) {
	cfg, st := steps(t, `[{"tag": "v1", "new_classes": ["A"]}, {"tag": "v2", "renamed_classes": [{"from": "A", "to": "B"}]}]`)
	r := Replay(st)
	b := r.Lookup("B")
	if b == nil || cfg.File.Offset(b.Created.Pos) != offsetOf(t, cfg, `"B"`, 0) {
		t.Fatalf("B = %+v", b)
	}
	if r.Lookup("A") != nil {
		t.Errorf("A still live")
	}
}

func TestReplayOverwritten(t *testing.T) {
	cfg, st := steps(t, `[{"tag": "v1", "new_classes": ["A"], "new_sqlite_classes": ["B"]}, {"tag": "v2", "renamed_classes": [{"from": "A", "to": "B"}, {"from": "B", "to": "B"}]}]`)
	r := Replay(st)
	if len(r.Overwritten) != 1 || cfg.File.Offset(r.Overwritten[0].Pos) != offsetOf(t, cfg, `"B"`, 1) {
		t.Errorf("overwritten = %+v", r.Overwritten)
	}
	if len(r.Failures) != 0 || classes(r.Classes) != "B:kv@1" {
		t.Errorf("failures %v classes %q", r.Failures, classes(r.Classes))
	}
}

func TestReplayMalformedSteps(t *testing.T) {
	// Invalid parts are reported by the config validation; the replay skips
	// them without failing.
	src := `{"migrations": [{"tag": "v1", "renamed_classes": [{"from": "A"}], "new_classes": ["A", 3]}, 7]}`
	cfg := wrangler.Parse(nil, "wrangler.jsonc", []byte(src))
	r := Replay(cfg.Top.Migrations.Steps)
	if classes(r.Classes) != "A:kv@0" || len(r.Failures) != 0 {
		t.Errorf("classes %q failures %v", classes(r.Classes), r.Failures)
	}
	if r := Replay(nil); len(r.Classes) != 0 || r.Err != nil {
		t.Errorf("nil replay = %+v", r)
	}
	if r := Replay([]*wrangler.Migration{nil}); len(r.Classes) != 0 {
		t.Errorf("nil step replay = %+v", r)
	}
}

func TestFromExports(t *testing.T) {
	src := `{"exports": {
  "A": {"type": "durable-object", "storage": "sqlite"},
  "B": {"type": "durable-object", "state": "created", "storage": "legacy-kv"},
  "C": {"type": "durable-object", "state": "deleted"},
  "D": {"type": "durable-object", "state": "renamed", "renamed_to": "A"},
  "E": {"type": "durable-object", "state": "expecting-transfer", "storage": "sqlite", "transfer_from": "w"},
  "F": {"type": "durable-object", "state": "transferred", "transferred_to": "w"},
  "G": {"type": "worker"},
  "H": {"type": "durable-object", "storage": "fast"}
}}`
	cfg := wrangler.Parse(nil, "wrangler.jsonc", []byte(src))
	r := FromExports(cfg.Top.Exports)
	if got := classes(r.Classes); got != "A:sqlite@-1 B:kv@-1 E:sqlite@-1 H:unknown@-1" {
		t.Errorf("classes = %q", got)
	}
	if r.Classes["A"].Created != cfg.Top.Exports.Entries[0].Class {
		t.Errorf("Created is not the exports key")
	}
	if r := FromExports(nil); len(r.Classes) != 0 {
		t.Errorf("nil exports")
	}
}
