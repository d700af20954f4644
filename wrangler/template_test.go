package wrangler

import "testing"

func TestHasPlaceholder(t *testing.T) {
	for s, want := range map[string]bool{
		"<WORKER_NAME>":          true,
		"<COMPATIBILITY_DATE>":   true,
		"my-<APP_ID>-worker":     true,
		"{{name}}":               true,
		"{{ name }}":             true,
		"{{ project.name }}":     true,
		"prefix-{{ name }}-dev":  true,
		"counter":                false,
		"2025-01-01":             false,
		"<T>":                    false, // one letter: a type parameter, not a template
		"<worker_name>":          false,
		"a < b > c":              false,
		"{{}}":                   false,
		"{ name }":               false,
		"{{ 1name }}":            false,
		"{{ name }":              false,
		"<NAME":                  false,
		"https://x.example/<ID>": true,
	} {
		if got := HasPlaceholder(s); got != want {
			t.Errorf("HasPlaceholder(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestPlaceholders(t *testing.T) {
	for _, c := range []struct{ name, src string }{
		{"wrangler.jsonc", `{
  "name": "<WORKER_NAME>",
  "main": "src/index.ts",
  "compatibility_date": "{{ compatibility_date }}",
  "routes": [{ "pattern": "<ROUTE_PATTERN>", "zone_name": "example.com" }],
  "vars": { "GREETING": "Hello {{ user }}", "KEY": "<API_KEY>" }
}`},
		{"wrangler.toml", `name = "<WORKER_NAME>"
main = "src/index.ts"
compatibility_date = "{{ compatibility_date }}"

routes = [{ pattern = "<ROUTE_PATTERN>", zone_name = "example.com" }]

[vars]
GREETING = "Hello {{ user }}"
KEY = "<API_KEY>"
`},
	} {
		cfg, fset := parseSrc(t, c.name, c.src)
		var got []string
		for _, s := range cfg.Placeholders {
			got = append(got, s.Value)
		}
		// vars are the Worker's own strings, run-time templates included.
		want := []string{"<WORKER_NAME>", "{{ compatibility_date }}", "<ROUTE_PATTERN>"}
		if len(got) != len(want) {
			t.Fatalf("%s: placeholders %q, want %q", c.name, got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s: placeholder %d = %q, want %q", c.name, i, got[i], want[i])
			}
		}
		// The name and date problems fall on placeholders; nothing else does.
		n := 0
		for _, p := range cfg.Problems {
			if cfg.Placeholder(p) != nil {
				n++
			} else {
				t.Errorf("%s: problem %q at %s is not on a placeholder", c.name, p.Message, fset.Position(p.Pos))
			}
		}
		if n != 2 {
			t.Errorf("%s: %d problems on placeholders, want 2 (name, compatibility_date)", c.name, n)
		}
	}
}
