package confighistory

import (
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
