package wrangler

import (
	"reflect"
	"testing"
)

func TestTree(t *testing.T) {
	jsonc := []byte(`{
  // comment
  "assets": { "directory": "./public", "not_found_handling": "single-page-application" },
  "kv_namespaces": [{ "binding": "CACHE", "id": "x" }],
  "build": { "command": "npm run build" },
}`)
	toml := []byte(`[assets]
directory = "./public"
not_found_handling = "single-page-application"

[[kv_namespaces]]
binding = "CACHE"
id = "x"

[build]
command = "npm run build"
`)
	want := map[string]any{
		"assets":        map[string]any{"directory": "./public", "not_found_handling": "single-page-application"},
		"kv_namespaces": []any{map[string]any{"binding": "CACHE", "id": "x"}},
		"build":         map[string]any{"command": "npm run build"},
	}
	for name, src := range map[string][]byte{"wrangler.jsonc": jsonc, "wrangler.toml": toml} {
		got, err := Tree(name, src)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %#v\nwant %#v", name, got, want)
		}
	}
	if _, err := Tree("wrangler.json", []byte(`[1]`)); err == nil {
		t.Error("an array config gave no error")
	}
	if _, err := Tree("wrangler.toml", []byte("a = ")); err == nil {
		t.Error("a TOML syntax error gave no error")
	}
}
