package edit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/wrangler"
)

func open(t *testing.T, name, src string) *Doc {
	t.Helper()
	cfg := wrangler.Parse(nil, name, []byte(src))
	for _, p := range cfg.Problems {
		if p.Area == wrangler.AreaSyntax {
			t.Fatalf("%s does not parse: %s", name, p.Message)
		}
	}
	d, err := Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// check applies es to d and compares with want, and checks the result
// still parses.
func check(t *testing.T, d *Doc, name string, es []Edit, err error, want string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	got := string(d.Apply(es))
	if got != want {
		t.Errorf("%s: got\n%s\nwant\n%s", name, show(got), show(want))
	}
	cfg := wrangler.Parse(nil, name, []byte(got))
	for _, p := range cfg.Problems {
		if p.Area == wrangler.AreaSyntax {
			t.Errorf("%s: result does not parse: %s", name, p.Message)
		}
	}
}

func show(s string) string { return strings.ReplaceAll(s, "\r", "␍") }

var step = Object{{"tag", "v2"}, {"new_sqlite_classes", Array{"B"}}}

func TestAppend(t *testing.T) {
	for _, c := range []struct {
		name, src string
		path      []string
		opts      []Option
		want      string
	}{
		{"trailing.jsonc", "{\n  \"migrations\": [\n    { \"tag\": \"v1\", \"new_sqlite_classes\": [\"A\"] }, // first\n  ],\n}\n",
			[]string{"migrations"}, nil,
			"{\n  \"migrations\": [\n    { \"tag\": \"v1\", \"new_sqlite_classes\": [\"A\"] }, // first\n    { \"tag\": \"v2\", \"new_sqlite_classes\": [\"B\"] },\n  ],\n}\n"},
		{"plain.json", "{\n    \"migrations\": [\n        {\"tag\": \"v1\", \"new_sqlite_classes\": [\"A\"]}\n    ]\n}\n",
			[]string{"migrations"}, nil,
			"{\n    \"migrations\": [\n        {\"tag\": \"v1\", \"new_sqlite_classes\": [\"A\"]},\n        {\"tag\": \"v2\", \"new_sqlite_classes\": [\"B\"]}\n    ]\n}\n"},
		{"comment.jsonc", "{\n\t\"migrations\": [\n\t\t{ \"tag\": \"v1\" } // first\n\t]\n}\n",
			[]string{"migrations"}, nil,
			"{\n\t\"migrations\": [\n\t\t{ \"tag\": \"v1\" }, // first\n\t\t{ \"tag\": \"v2\", \"new_sqlite_classes\": [\"B\"] }\n\t]\n}\n"},
		{"inline.jsonc", "{ \"migrations\": [{ \"tag\": \"v1\" }] }",
			[]string{"migrations"}, nil,
			"{ \"migrations\": [{ \"tag\": \"v1\" }, { \"tag\": \"v2\", \"new_sqlite_classes\": [\"B\"] }] }"},
		{"expanded.jsonc", "{\r\n  \"migrations\": [\r\n    {\r\n      \"tag\": \"v1\",\r\n      \"new_sqlite_classes\": [\"A\"]\r\n    }\r\n  ]\r\n}\r\n",
			[]string{"migrations"}, nil,
			"{\r\n  \"migrations\": [\r\n    {\r\n      \"tag\": \"v1\",\r\n      \"new_sqlite_classes\": [\"A\"]\r\n    },\r\n    {\r\n      \"tag\": \"v2\",\r\n      \"new_sqlite_classes\": [\"B\"]\r\n    }\r\n  ]\r\n}\r\n"},
		{"absent.jsonc", "{\n  \"name\": \"x\",\n  \"durable_objects\": { \"bindings\": [] },\n  \"env\": {}\n}\n",
			[]string{"migrations"}, []Option{After("durable_objects")},
			"{\n  \"name\": \"x\",\n  \"durable_objects\": { \"bindings\": [] },\n  \"migrations\": [\n    { \"tag\": \"v2\", \"new_sqlite_classes\": [\"B\"] }\n  ],\n  \"env\": {}\n}\n"},
		{"empty.jsonc", "{\n  \"migrations\": [],\n}\n",
			[]string{"migrations"}, nil,
			"{\n  \"migrations\": [{ \"tag\": \"v2\", \"new_sqlite_classes\": [\"B\"] }],\n}\n"},
		{"aot.toml", "name = \"x\"\n\n[[migrations]]\ntag = \"v1\"\nnew_sqlite_classes = [\"A\"]\n\n# staging\n[env.staging]\nname = \"y\"\n",
			[]string{"migrations"}, nil,
			"name = \"x\"\n\n[[migrations]]\ntag = \"v1\"\nnew_sqlite_classes = [\"A\"]\n\n[[migrations]]\ntag = \"v2\"\nnew_sqlite_classes = [\"B\"]\n\n# staging\n[env.staging]\nname = \"y\"\n"},
		{"absent.toml", "name = \"x\"\n\n[[durable_objects.bindings]]\nname = \"A\"\nclass_name = \"A\"\n\n# staging\n[env.staging]\nname = \"y\"\n",
			[]string{"migrations"}, nil,
			"name = \"x\"\n\n[[durable_objects.bindings]]\nname = \"A\"\nclass_name = \"A\"\n\n[[migrations]]\ntag = \"v2\"\nnew_sqlite_classes = [\"B\"]\n\n# staging\n[env.staging]\nname = \"y\"\n"},
		{"absent-end.toml", "name = \"x\"\r\n\r\n[[durable_objects.bindings]]\r\nname = \"A\"\r\nclass_name = \"A\"\r\n",
			[]string{"migrations"}, nil,
			"name = \"x\"\r\n\r\n[[durable_objects.bindings]]\r\nname = \"A\"\r\nclass_name = \"A\"\r\n\r\n[[migrations]]\r\ntag = \"v2\"\r\nnew_sqlite_classes = [\"B\"]\r\n"},
		{"inline.toml", "migrations = [\n  { tag = \"v1\", new_sqlite_classes = [\"A\"] },\n]\n",
			[]string{"migrations"}, nil,
			"migrations = [\n  { tag = \"v1\", new_sqlite_classes = [\"A\"] },\n  { tag = \"v2\", new_sqlite_classes = [\"B\"] },\n]\n"},
		{"inline1.toml", "migrations = [{tag = \"v1\"}] # one\n",
			[]string{"migrations"}, nil,
			"migrations = [{tag = \"v1\"}, {tag = \"v2\", new_sqlite_classes = [\"B\"]}] # one\n"},
		{"env.toml", "name = \"x\"\n\n[env.staging]\nname = \"y\"\n\n[env.staging.vars]\nA = \"b\"\n\n[env.prod]\nname = \"z\"\n",
			[]string{"env", "staging", "migrations"}, nil,
			"name = \"x\"\n\n[env.staging]\nname = \"y\"\n\n[env.staging.vars]\nA = \"b\"\n\n[[env.staging.migrations]]\ntag = \"v2\"\nnew_sqlite_classes = [\"B\"]\n\n[env.prod]\nname = \"z\"\n"},
	} {
		d := open(t, c.name, c.src)
		es, err := d.Append(c.path, []any{step}, c.opts...)
		check(t, d, c.name, es, err, c.want)
	}
}

var binding = Object{{"name", "COUNTER"}, {"class_name", "Counter"}}

func TestCreateLike(t *testing.T) {
	path := []string{"env", "staging", "durable_objects", "bindings"}
	like := Like("durable_objects", "bindings")
	for _, c := range []struct{ name, src, want string }{
		{"oneline.jsonc", "{\n  \"durable_objects\": { \"bindings\": [{ \"name\": \"A\", \"class_name\": \"A\" }] },\n  \"env\": {\n    \"staging\": {\n      \"name\": \"s\"\n    }\n  }\n}\n",
			"{\n  \"durable_objects\": { \"bindings\": [{ \"name\": \"A\", \"class_name\": \"A\" }] },\n  \"env\": {\n    \"staging\": {\n      \"name\": \"s\",\n      \"durable_objects\": { \"bindings\": [{ \"name\": \"COUNTER\", \"class_name\": \"Counter\" }] }\n    }\n  }\n}\n"},
		{"expanded.jsonc", "{\n  \"durable_objects\": {\n    \"bindings\": [\n      { \"name\": \"A\", \"class_name\": \"A\" },\n    ],\n  },\n  \"env\": {\n    \"staging\": { \"name\": \"s\" },\n  },\n}\n",
			"{\n  \"durable_objects\": {\n    \"bindings\": [\n      { \"name\": \"A\", \"class_name\": \"A\" },\n    ],\n  },\n  \"env\": {\n    \"staging\": { \"name\": \"s\", \"durable_objects\": { \"bindings\": [{ \"name\": \"COUNTER\", \"class_name\": \"Counter\" }] } },\n  },\n}\n"},
		{"emptyenv.jsonc", "{\n  \"durable_objects\": {\n    \"bindings\": [\n      { \"name\": \"A\", \"class_name\": \"A\" },\n    ],\n  },\n  \"env\": {\n    \"staging\": {},\n  },\n}\n",
			"{\n  \"durable_objects\": {\n    \"bindings\": [\n      { \"name\": \"A\", \"class_name\": \"A\" },\n    ],\n  },\n  \"env\": {\n    \"staging\": {\n      \"durable_objects\": {\n        \"bindings\": [\n          { \"name\": \"COUNTER\", \"class_name\": \"Counter\" },\n        ],\n      },\n    },\n  },\n}\n"},
		{"aot.toml", "[[durable_objects.bindings]]\nname = \"A\"\nclass_name = \"A\"\n\n[env.staging]\nname = \"s\"\n\n[env.prod]\nname = \"p\"\n",
			"[[durable_objects.bindings]]\nname = \"A\"\nclass_name = \"A\"\n\n[env.staging]\nname = \"s\"\n\n[[env.staging.durable_objects.bindings]]\nname = \"COUNTER\"\nclass_name = \"Counter\"\n\n[env.prod]\nname = \"p\"\n"},
		{"inline.toml", "durable_objects.bindings = [\n  { name = \"A\", class_name = \"A\" },\n]\n\n[env.staging]\nname = \"s\" # the name\n",
			"durable_objects.bindings = [\n  { name = \"A\", class_name = \"A\" },\n]\n\n[env.staging]\nname = \"s\" # the name\ndurable_objects.bindings = [\n  { name = \"COUNTER\", class_name = \"Counter\" },\n]\n"},
		{"inlineenv.toml", "durable_objects = { bindings = [{ name = \"A\", class_name = \"A\" }] }\n\n[env]\nstaging = { name = \"s\" }\n",
			"durable_objects = { bindings = [{ name = \"A\", class_name = \"A\" }] }\n\n[env]\nstaging = { name = \"s\", durable_objects.bindings = [{ name = \"COUNTER\", class_name = \"Counter\" }] }\n"},
	} {
		d := open(t, c.name, c.src)
		es, err := d.Append(path, []any{binding}, like)
		check(t, d, c.name, es, err, c.want)
	}
}

func TestAddMembers(t *testing.T) {
	entry := Member{"Limiter", Object{{"type", "durable-object"}, {"storage", "sqlite"}}}
	for _, c := range []struct{ name, src, want string }{
		{"exports.jsonc", "{\n  \"exports\": {\n    \"Counter\": { \"type\": \"durable-object\", \"storage\": \"sqlite\" },\n  },\n}\n",
			"{\n  \"exports\": {\n    \"Counter\": { \"type\": \"durable-object\", \"storage\": \"sqlite\" },\n    \"Limiter\": { \"type\": \"durable-object\", \"storage\": \"sqlite\" },\n  },\n}\n"},
		{"lines.toml", "[exports]\nCounter = { type = \"durable-object\", storage = \"sqlite\" }\n\n[env.x]\nname = \"y\"\n",
			"[exports]\nCounter = { type = \"durable-object\", storage = \"sqlite\" }\nLimiter = { type = \"durable-object\", storage = \"sqlite\" }\n\n[env.x]\nname = \"y\"\n"},
		{"tables.toml", "[exports.Counter]\ntype = \"durable-object\"\nstorage = \"sqlite\"\n\n[env.x]\nname = \"y\"\n",
			"[exports.Counter]\ntype = \"durable-object\"\nstorage = \"sqlite\"\n\n[exports.Limiter]\ntype = \"durable-object\"\nstorage = \"sqlite\"\n\n[env.x]\nname = \"y\"\n"},
		{"inline.toml", "exports = {}\n",
			"exports = { Limiter = { type = \"durable-object\", storage = \"sqlite\" } }\n"},
	} {
		d := open(t, c.name, c.src)
		es, err := d.AddMembers([]string{"exports"}, []Member{entry})
		check(t, d, c.name, es, err, c.want)
	}
}

// TestEditsOnEveryTestConfig appends to and adds keys in every config the
// repository's tests use, and checks that the result parses and holds the
// new value where it was meant to go.
func TestEditsOnEveryTestConfig(t *testing.T) {
	var files []string
	for _, pat := range []string{"../testdata/*", "../../analyzers/*/testdata/src/*/wrangler.*", "../../testdata/*/wrangler.*", "../../testdata/*/*/wrangler.*"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, ".golden") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		cfg := wrangler.Parse(nil, strings.TrimSuffix(f, ".golden"), src)
		d, err := Open(cfg)
		if err != nil {
			continue // syntax-error fixtures
		}
		paths := [][]string{{"migrations"}, {"durable_objects", "bindings"}}
		for _, e := range cfg.Envs {
			paths = append(paths, []string{"env", e.Name, "durable_objects", "bindings"}, []string{"env", e.Name, "migrations"})
		}
		for _, p := range paths {
			before := 0
			if old := d.Node(p...); old != nil {
				if old.Kind != wrangler.SyntaxArray {
					continue
				}
				before = len(old.Elems)
			}
			es, err := d.Append(p, []any{step}, Like("durable_objects", "bindings"), After("durable_objects"))
			if err != nil {
				t.Logf("%s: %s: %v", f, strings.Join(p, "."), err)
				continue
			}
			n++
			out := d.Apply(es)
			root, err := wrangler.ParseSyntax(cfg.Format, out)
			if err != nil {
				t.Errorf("%s: appending to %s breaks the file: %v\n%s", f, strings.Join(p, "."), err, out)
				continue
			}
			arr := root
			for _, k := range p {
				arr = arr.Get(k)
			}
			if arr == nil || len(arr.Elems) != before+1 || arr.Elems[before].Get("tag").Str != "v2" {
				t.Errorf("%s: appending to %s did not add one element at the end\n%s", f, strings.Join(p, "."), out)
			}
			for _, e := range es {
				if e.Start != e.End && strings.TrimSpace(string(d.src[e.Start:e.End])) != "" {
					t.Errorf("%s: edit replaces %q", f, d.src[e.Start:e.End])
				}
			}
		}
		for _, p := range [][]string{{"exports"}, {"vars"}} {
			if old := d.Node(p...); old != nil && (old.Kind != wrangler.SyntaxObject || old.Get("Zz") != nil) {
				continue
			}
			es, err := d.AddMembers(p, []Member{{"Zz", Object{{"type", "durable-object"}, {"storage", "sqlite"}}}}, After("durable_objects"))
			if err != nil {
				t.Logf("%s: %s: %v", f, strings.Join(p, "."), err)
				continue
			}
			n++
			out := d.Apply(es)
			root, err := wrangler.ParseSyntax(cfg.Format, out)
			if err != nil {
				t.Errorf("%s: adding to %s breaks the file: %v\n%s", f, strings.Join(p, "."), err, out)
				continue
			}
			if root.Get(p[0]).Get("Zz").Get("storage").Str != "sqlite" {
				t.Errorf("%s: adding to %s did not add the key\n%s", f, strings.Join(p, "."), out)
			}
		}
	}
	if n < 20 {
		t.Errorf("only %d edits tried; the test configs moved?", n)
	}
}

// FuzzEdits checks that editing any config that parses either fails with
// an error or leaves a file that still parses: never a panic, never a
// broken file.
func FuzzEdits(f *testing.F) {
	for _, s := range []string{
		"{\n  \"migrations\": [\n    { \"tag\": \"v1\" }, // c\n  ],\n}\n",
		"{\"env\": {\"a\": {}}, \"durable_objects\": {\"bindings\": [{\"name\": \"A\"}]}}",
		"[[migrations]]\ntag = \"v1\"\n\n[env.a]\nname = \"x\"\n",
		"migrations = [ # c\n]\n[env]\na = { b = 1 }\n",
		"durable_objects.bindings = [{ name = \"A\" }]\n[env.a.vars]\nX = 1\n",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, src string, toml bool) {
		name := "wrangler.jsonc"
		if toml {
			name = "wrangler.toml"
		}
		cfg := wrangler.Parse(nil, name, []byte(src))
		d, err := Open(cfg)
		if err != nil {
			return
		}
		paths := [][]string{{"migrations"}, {"durable_objects", "bindings"}}
		for _, e := range cfg.Envs {
			paths = append(paths, []string{"env", e.Name, "durable_objects", "bindings"}, []string{"env", e.Name, "migrations"})
		}
		for _, p := range paths {
			if es, err := d.Append(p, []any{step}, Like("durable_objects", "bindings"), After("durable_objects")); err == nil {
				if _, err := wrangler.ParseSyntax(cfg.Format, d.Apply(es)); err != nil {
					t.Errorf("appending to %v breaks the file: %v\n%s", p, err, d.Apply(es))
				}
			}
		}
		if es, err := d.AddMembers([]string{"exports"}, []Member{{"Zz", Object{{"storage", "sqlite"}}}}); err == nil {
			if _, err := wrangler.ParseSyntax(cfg.Format, d.Apply(es)); err != nil {
				t.Errorf("adding to exports breaks the file: %v\n%s", err, d.Apply(es))
			}
		}
	})
}
