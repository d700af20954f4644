package confighistory

import (
	"go/token"
	"testing"

	"github.com/dolint-dev/dolint/wrangler"
)

func TestSameMigrations(t *testing.T) {
	const jsonc = `{
  "name": "app",
  "vars": { "BUILD": 1 },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Room"] }],
  "compatibility_date": "2025-01-01"
}
`
	const toml = `name = "app"
compatibility_date = "2025-01-01"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["Room"]
`
	for _, c := range []struct {
		name, path, from, to string
		same                 bool
	}{
		{"a var before", "wrangler.jsonc", jsonc, replace(jsonc, `"BUILD": 1`, `"BUILD": 2`), true},
		{"a date after", "wrangler.jsonc", jsonc, replace(jsonc, "2025-01-01", "2025-02-02"), true},
		{"inside the step", "wrangler.jsonc", jsonc, replace(jsonc, `"v1"`, `"v0"`), false},
		{"a brace", "wrangler.jsonc", jsonc, replace(jsonc, `"BUILD": 1`, `"BUILD": {}`), false},
		{"a migrations key", "wrangler.jsonc", jsonc, replace(jsonc, `"name": "app"`, `"name": "app", "env": { "a": { "migrations": null } }`), false},
		{"another syntax", "wrangler.toml", jsonc, jsonc, false},
		{"toml before the tables", "wrangler.toml", toml, replace(toml, "2025-01-01", "2025-02-02"), true},
		{"toml after a table header", "wrangler.toml", toml, replace(toml, `"Room"`, `"Hall"`), false},
	} {
		cfg := wrangler.Parse(nil, "wrangler."+map[bool]string{true: "toml", false: "jsonc"}[c.from == toml], []byte(c.from))
		if got := sameMigrations(cfg, c.path, []byte(c.to)); got != c.same {
			t.Errorf("%s: same %v, want %v", c.name, got, c.same)
		}
	}
}

func replace(s, old, new string) string {
	for i := 0; i+len(old) <= len(s); i++ {
		if s[i:i+len(old)] == old {
			return s[:i] + new + s[i+len(old):]
		}
	}
	panic("no " + old)
}

// The projects of a run share a Reader per since and bases, so that a
// repository's history is walked once per run, not once per config.
func TestReaderPerRun(t *testing.T) {
	run, other := token.NewFileSet(), token.NewFileSet()
	r := readerFor(run, "", nil)
	if readerFor(run, "", nil) != r {
		t.Error("a second project of the run gets another Reader")
	}
	if readerFor(run, "v1", nil) == r || readerFor(run, "", []string{"refs/remotes/origin/main"}) == r {
		t.Error("another since or base shares the Reader")
	}
	if readerFor(other, "", nil) == r {
		t.Error("another run shares the Reader")
	}
}
