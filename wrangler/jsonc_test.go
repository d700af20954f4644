package wrangler

import (
	"reflect"
	"strings"
	"testing"
)

const goodJSONC = `// A typical Durable Objects worker.
{
  "$schema": "node_modules/wrangler/config-schema.json",
  "name": "chat", /* inline comment */
  "main": "src/index.ts",
  "compatibility_date": "2025-04-01",
  "compatibility_flags": ["nodejs_compat",],
  "no_bundle": false,
  "durable_objects": {
    "bindings": [
      { "name": "ROOMS", "class_name": "Room" },
      { "name": "REMOTE", "class_name": "Counter", "script_name": "other", "environment": "prod" },
    ],
  },
  "migrations": [
    { "tag": "v1", "new_classes": ["Room"] },
    { "tag": "v2", "renamed_classes": [{ "from": "Room", "to": "ChatRoom" }], "deleted_classes": ["Old"] },
    { "tag": "v3", "new_sqlite_classes": ["Lobby"], "transferred_classes": [{ "from": "X", "from_script": "s", "to": "Y" }] },
  ],
  "vars": { "MODE": "dev", "LIMIT": 10, "ON": true, "LIST": [1, "a"], "OBJ": {"k": null} },
  "env": {
    "production": {
      "name": "chat-prod",
      "durable_objects": { "bindings": [{ "name": "ROOMS", "class_name": "Room" }] },
      "vars": { "MODE": "prod" },
    },
    "staging": {
      "migrations": [{ "tag": "s1", "new_sqlite_classes": ["Room"] }],
      "durable_objects": { "bindings": [{ "name": "ROOMS", "class_name": "Room" }, { "name": "REMOTE", "class_name": "Counter", "script_name": "other" }] },
    },
  },
}
`

func TestParseJSONCModel(t *testing.T) {
	cfg := checkProblems(t, "wrangler.jsonc", goodJSONC, []want{
		{at: `{ "bindings": [{ "name": "ROOMS", "class_name": "Room" }] }`, area: AreaDurableObjects, sev: Warning,
			msg: "The following bindings are at the top level, but not on \"env.production\".\nThis is not what you probably want, since \"durable_objects\" configuration is not inherited by environments.\nPlease add a binding for each to \"env.production.durable_objects.bindings\":\n- REMOTE"},
	})
	if cfg.Format != JSONC {
		t.Errorf("format = %v", cfg.Format)
	}
	top := cfg.Top
	if top.Name.Value != "chat" || top.Main.Value != "src/index.ts" || top.CompatibilityDate.Value != "2025-04-01" {
		t.Errorf("scalars: %+v %+v %+v", top.Name, top.Main, top.CompatibilityDate)
	}
	checkAt(t, cfg, "name", top.Name.Pos, top.Name.End, `"chat"`, 0)
	if got := top.CompatibilityFlags.Values(); !reflect.DeepEqual(got, []string{"nodejs_compat"}) {
		t.Errorf("flags = %v", got)
	}
	checkAt(t, cfg, "flags", top.CompatibilityFlags.Pos, top.CompatibilityFlags.End, `["nodejs_compat",]`, 0)
	if top.NoBundle == nil || top.NoBundle.Value {
		t.Errorf("no_bundle = %+v", top.NoBundle)
	}

	do := top.DurableObjects
	if len(do.Bindings) != 2 {
		t.Fatalf("bindings = %d", len(do.Bindings))
	}
	b0, b1 := do.Bindings[0], do.Bindings[1]
	if s, _ := locate(t, goodJSONC, "[\n      { \"name\"", 0); cfg.File.Offset(do.BindingsPos) != s {
		t.Errorf("bindings array at %d, want %d", cfg.File.Offset(do.BindingsPos), s)
	}
	checkAt(t, cfg, "binding 0", b0.Pos, b0.End, `{ "name": "ROOMS", "class_name": "Room" }`, 0)
	checkAt(t, cfg, "binding 0 class", b0.ClassName.Pos, b0.ClassName.End, `"Room"`, 0)
	if !b0.Local() || b1.Local() || b1.ScriptName.Value != "other" || b1.Environment.Value != "prod" || b1.Index != 1 {
		t.Errorf("binding 1 = %+v", b1)
	}

	steps := top.Migrations.Steps
	if len(steps) != 3 {
		t.Fatalf("steps = %d", len(steps))
	}
	if steps[0].Tag.Value != "v1" || !reflect.DeepEqual(steps[0].NewClasses.Values(), []string{"Room"}) {
		t.Errorf("step 0 = %+v", steps[0])
	}
	r := steps[1].RenamedClasses
	if len(r) != 1 || r[0].From.Value != "Room" || r[0].To.Value != "ChatRoom" {
		t.Errorf("renamed = %+v", r)
	}
	checkAt(t, cfg, "rename to", r[0].To.Pos, r[0].To.End, `"ChatRoom"`, 0)
	if s, _ := locate(t, goodJSONC, `[{ "from"`, 0); cfg.File.Offset(steps[1].RenamedPos) != s {
		t.Errorf("renamed array at %d, want %d", cfg.File.Offset(steps[1].RenamedPos), s)
	}
	if !reflect.DeepEqual(steps[1].DeletedClasses.Values(), []string{"Old"}) {
		t.Errorf("deleted = %v", steps[1].DeletedClasses.Values())
	}
	tr := steps[2].TransferredClasses
	if len(tr) != 1 || tr[0].From.Value != "X" || tr[0].FromScript.Value != "s" || tr[0].To.Value != "Y" {
		t.Errorf("transferred = %+v", tr)
	}
	if steps[2].Index != 2 {
		t.Errorf("index = %d", steps[2].Index)
	}

	vars := map[string]any{}
	for _, v := range top.Vars {
		vars[v.Name.Value] = v.Value
	}
	wantVars := map[string]any{"MODE": "dev", "LIMIT": 10.0, "ON": true, "LIST": []any{1.0, "a"}, "OBJ": map[string]any{"k": nil}}
	if !reflect.DeepEqual(vars, wantVars) {
		t.Errorf("vars = %#v", vars)
	}
	checkAt(t, cfg, "var value", top.Vars[1].Pos, top.Vars[1].End, "10", 0)

	if len(cfg.Envs) != 2 || cfg.Envs[0].Name != "production" || cfg.Envs[1].Name != "staging" {
		t.Fatalf("envs = %+v", cfg.Envs)
	}
	prod := cfg.Env("production")
	checkAt(t, cfg, "env name", prod.NamePos, prod.NamePos+12, `"production"`, 0)
	if prod.Section.Name.Value != "chat-prod" || prod.Migrations != nil || len(prod.Vars) != 1 {
		t.Errorf("production = %+v", prod.Section)
	}
	if cfg.Env("nope") != nil {
		t.Error("Env of a missing name is not nil")
	}
}

func TestParseJSONCSyntax(t *testing.T) {
	cases := []struct {
		name, src string
		at        string
		n         int
		msg       string
	}{
		{"missing comma", "{\n  \"name\": \"a\"\n  \"main\": \"b\"\n}", `"main"`, 0,
			`JSON syntax error: invalid character '"' after object value (expecting ',' or '}')`},
		{"unterminated string", "{\n  \"name\": \"a\n}", "", 0, "JSON syntax error: parsing string: unexpected EOF"},
		{"bad literal", "{\"a\": tru}", "tru", 0, "JSON syntax error: invalid literal: tru"},
		{"trailing garbage", "{} x", "x", 0, `JSON syntax error: invalid character 'x' after top-level value`},
		{"unclosed comment", "{} /* x", "/*", 0, "JSON syntax error: parsing comment: unexpected EOF"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, fset := parseSrc(t, "wrangler.jsonc", c.src)
			if len(cfg.Problems) != 1 {
				t.Fatalf("problems = %v", cfg.Problems)
			}
			p := cfg.Problems[0]
			if p.Area != AreaSyntax || p.Severity != Error || p.Message != c.msg {
				t.Errorf("problem = %s", problemString(fset, p))
			}
			want := len(c.src) // "" means: at the end of the input
			if c.at != "" {
				want, _ = locate(t, c.src, c.at, c.n)
			}
			if got := cfg.File.Offset(p.Pos); got != want {
				t.Errorf("offset = %d (%s), want %d", got, fset.Position(p.Pos), want)
			}
			if cfg.Top.DurableObjects != nil || cfg.Top.Name != nil || cfg.Envs != nil {
				t.Errorf("model not empty after a syntax error: %+v", cfg.Top)
			}
		})
	}
}

func TestParseJSONCSyntaxLineCol(t *testing.T) {
	// The position is the offending byte, reported as line:col.
	src := "{\n  // c\n  \"name\": \"a\",\n  \"main\" \"b\"\n}"
	cfg, fset := parseSrc(t, "wrangler.jsonc", src)
	if got := fset.Position(cfg.Problems[0].Pos).String(); got != "wrangler.jsonc:4:10" {
		t.Errorf("position = %s", got)
	}
}

func TestParseNotAnObject(t *testing.T) {
	for _, c := range []struct{ src, msg string }{
		{"[1]", "The configuration must be a JSON object, but the file contains an array."},
		{" \"x\" ", "The configuration must be a JSON object, but the file contains a string."},
		{"null", "The configuration must be a JSON object, but the file contains null."},
		{"   ", "JSON syntax error: the file is empty, expected an object"},
	} {
		cfg, _ := parseSrc(t, "wrangler.json", c.src)
		if len(cfg.Problems) != 1 || cfg.Problems[0].Message != c.msg || cfg.Problems[0].Area != AreaSyntax {
			t.Errorf("%q: %+v", c.src, cfg.Problems)
		}
	}
}

func TestParseBOM(t *testing.T) {
	src := "\xef\xbb\xbf{\"name\": 5}"
	checkProblems(t, "wrangler.json", src, []want{
		{at: "5", area: AreaOther, msg: `Expected "name" to be of type string, alphanumeric and lowercase with dashes only but got 5.`},
	})
	cfg, _ := parseSrc(t, "wrangler.json", "\xff\xfe{\x00}\x00")
	if len(cfg.Problems) != 1 || cfg.Problems[0].Message != `The file "wrangler.json" appears to be encoded as UTF-16 LE. Please save the file as UTF-8 without BOM.` {
		t.Errorf("utf-16: %+v", cfg.Problems)
	}
}

func TestParseJSONCDurableObjects(t *testing.T) {
	const e, w = Error, Warning
	const do = AreaDurableObjects
	cases := []struct {
		name  string
		src   string
		wants []want
	}{
		{"not an object", `{"durable_objects": [1]}`, []want{
			{at: "[1]", area: do, msg: `The field "durable_objects" should be an object but got [1].`}}},
		{"null", `{"durable_objects": null}`, []want{
			{at: "null", area: do, msg: `The field "durable_objects" should be an object but got null.`}}},
		{"no bindings", `{"durable_objects": {"x": 1}}`, []want{
			{at: `{"x": 1}`, area: do, msg: `The field "durable_objects" is missing the required "bindings" property.`}}},
		{"bindings not array", `{"durable_objects": {"bindings": {"name": "A"}}}`, []want{
			{at: `{"name": "A"}`, area: do, msg: `The field "durable_objects.bindings" should be an array but got {"name":"A"}.`}}},
		{"entry not object", `{"durable_objects": {"bindings": ["A", null]}}`, []want{
			{at: `"A"`, area: do, msg: `Expected "durable_objects.bindings[0]" to be an object but got "A"`},
			{at: `null`, area: do, msg: `Expected "durable_objects.bindings[1]" to be an object but got null`}}},
		{"missing name and class", `{"durable_objects": {"bindings": [{}]}}`, []want{
			{at: `{}`, area: do, msg: `binding should have a string "name" field.`},
			{at: `{}`, area: do, msg: `binding should have a string "class_name" field.`}}},
		{"wrong types", `{"durable_objects": {"bindings": [{"name": 1, "class_name": "C", "script_name": false, "environment": 2}]}}`, []want{
			{at: `1`, area: do, msg: `binding should have a string "name" field.`},
			{at: `false`, area: do, msg: `the field "script_name", when present, should be a string.`},
			{at: `2`, area: do, msg: `the field "environment", when present, should be a string.`}}},
		{"environment without script_name", `{"durable_objects": {"bindings": [{"name": "A", "class_name": "C", "environment": "p"}]}}`, []want{
			{at: `"p"`, area: do, msg: `binding should have a "script_name" field if "environment" is present.`}}},
		// Observed with wrangler 4.86 (deploy --dry-run): a valid boolean
		// remote still draws the unknown-field warning, and integer-like keys
		// are listed first, as Object.keys orders them.
		{"remote and unknown keys", `{"durable_objects": {"bindings": [{"name": "A", "class_name": "C", "remote": true, "zz": 1, "7": 2}]}}`, []want{
			{at: `"7"`, area: do, sev: w, msg: `Unexpected fields found in durable_objects.bindings[0] field: "7","remote","zz"`}}},
		{"remote not boolean", `{"durable_objects": {"bindings": [{"name": "A", "class_name": "C", "remote": "yes"}]}}`, []want{
			{at: `"yes"`, area: do, msg: `"durable_objects.bindings[0]" should, optionally, have a boolean "remote" field but got {"name":"A","class_name":"C","remote":"yes"}.`},
			{at: `"remote"`, area: do, sev: w, msg: `Unexpected fields found in durable_objects.bindings[0] field: "remote"`}}},
		// Observed with wrangler 4.86: an array entry passes the object check
		// and its indices are unknown fields.
		{"array entry", `{"durable_objects": {"bindings": [["x"]]}}`, []want{
			{at: `["x"]`, area: do, msg: `binding should have a string "name" field.`},
			{at: `["x"]`, area: do, msg: `binding should have a string "class_name" field.`},
			{at: `["x"]`, area: do, sev: w, msg: `Unexpected fields found in durable_objects.bindings[0] field: "0"`}}},
	}
	_ = e
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkProblems(t, "wrangler.jsonc", c.src, c.wants) })
	}
}

func TestParseJSONCEnvDurableObjects(t *testing.T) {
	// Observed with wrangler 4.86 (deploy --dry-run --env ...): the env
	// prefix on binding paths, the two environment warnings, and the quirk
	// that a top-level list with a malformed entry yields the name
	// "bindings".
	src := `{
  "durable_objects": {"bindings": [{"name": "A", "class_name": "A"}, {"name": "B", "class_name": "B"}]},
  "env": {
    "staging": {"durable_objects": {"bindings": [{"name": "A", "class_name": "A", "environment": "e"}]}},
    "prod": {"durable_objects": {"bindings": [{"name": "A", "class_name": "A"}]}},
    "dev": {},
    "ok": {"durable_objects": {"bindings": [{"name": "B", "class_name": "B"}, {"name": "A", "class_name": "A"}]}}
  }
}`
	checkProblems(t, "wrangler.jsonc", src, []want{
		{at: `"e"`, area: AreaDurableObjects, msg: `binding should have a "script_name" field if "environment" is present.`},
		{at: `{"bindings": [{"name": "A", "class_name": "A"}]}`, n: 0, area: AreaDurableObjects, sev: Warning, msg: "The following bindings are at the top level, but not on \"env.prod\".\nThis is not what you probably want, since \"durable_objects\" configuration is not inherited by environments.\nPlease add a binding for each to \"env.prod.durable_objects.bindings\":\n- B"},
		{at: `"dev"`, area: AreaDurableObjects, sev: Warning, msg: "\"durable_objects\" exists at the top level, but not on \"env.dev\".\nThis is not what you probably want, since \"durable_objects\" is not inherited by environments.\nPlease add \"durable_objects\" to \"env.dev\"."},
	})

	quirk := `{"durable_objects": {"bindings": [{"name": "A", "class_name": "A"}, ["x"]]},
  "env": {"prod": {"durable_objects": {"bindings": [{"name": "A", "class_name": "A"}]}}}}`
	cfg, _ := parseSrc(t, "wrangler.jsonc", quirk)
	last := cfg.Problems[len(cfg.Problems)-1].Message
	if want := "Please add a binding for each to \"env.prod.durable_objects.bindings\":\n- bindings"; len(last) < len(want) || last[len(last)-len(want):] != want {
		t.Errorf("quirk message = %q", last)
	}

	envPath := `{"env": {"s": {"durable_objects": {"bindings": [{"class_name": "A"}]}}}}`
	checkProblems(t, "wrangler.jsonc", envPath, []want{
		{at: `{"class_name": "A"}`, area: AreaDurableObjects, msg: `binding should have a string "name" field.`},
	})
	envBad := `{"env": {"s": {"durable_objects": 1}}}`
	checkProblems(t, "wrangler.jsonc", envBad, []want{
		{at: `1`, area: AreaDurableObjects, msg: `The field "env.s.durable_objects" should be an object but got 1.`},
	})
}

func TestParseJSONCMigrations(t *testing.T) {
	const m = AreaMigrations
	cases := []struct {
		name  string
		src   string
		wants []want
	}{
		{"not an array", `{"migrations": {"tag": "v1"}}`, []want{
			{at: `{"tag": "v1"}`, area: m, msg: `The optional "migrations" field should be an array, but got {"tag":"v1"}`}}},
		{"null is absent", `{"migrations": null}`, nil},
		{"tag missing", `{"migrations": [{"new_classes": ["A"]}]}`, []want{
			{at: `{"new_classes": ["A"]}`, area: m, msg: `"migrations[0].tag" is a required field.`}}},
		{"tag not string", `{"migrations": [{"tag": "v1"}, {"tag": 2}]}`, []want{
			{at: `2`, area: m, msg: `Expected "migrations[1].tag" to be of type string but got 2.`}}},
		{"string arrays", `{"migrations": [{"tag": "v1", "new_classes": "A", "new_sqlite_classes": ["B", 7], "deleted_classes": [null]}]}`, []want{
			{at: `"A"`, area: m, msg: `Expected "migrations[0].new_classes" to be an array of strings but got "A"`},
			{at: `7`, area: m, msg: `Expected "migrations[0].new_sqlite_classes.[1]" to be of type string but got 7.`},
			{at: `null`, area: m, msg: `Expected "migrations[0].deleted_classes.[0]" to be of type string but got null.`}}},
		{"renamed", `{"migrations": [{"tag": "v1", "renamed_classes": [{"from": "A", "to": "B"}, {"from": "C"}]}]}`, []want{
			{at: `{"from": "C"}`, area: m, msg: `Expected "migrations[0].renamed_classes" to be an array of "{from: string, to: string}" objects but got [{"from":"A","to":"B"},{"from":"C"}].`}}},
		{"renamed not array", `{"migrations": [{"tag": "v1", "renamed_classes": {"from": "A", "to": "B"}}]}`, []want{
			{at: `{"from": "A", "to": "B"}`, area: m, msg: `Expected "migrations[0].renamed_classes" to be an array of "{from: string, to: string}" objects but got {"from":"A","to":"B"}.`}}},
		{"transferred", `{"migrations": [{"tag": "v1", "transferred_classes": [{"from": "A", "to": "B"}]}]}`, []want{
			{at: `{"from": "A", "to": "B"}`, area: m, msg: `Expected "migrations[0].transferred_classes" to be an array of "{from: string, from_script: string, to: string}" objects but got [{"from":"A","to":"B"}].`}}},
		{"unknown keys", `{"migrations": [{"tag": "v1", "classes_with_sqlite": ["A"], "x": 1}]}`, []want{
			{at: `"classes_with_sqlite"`, area: m, sev: Warning, msg: `Unexpected fields found in migrations field: "classes_with_sqlite","x"`}}},
		{"step not object", `{"migrations": ["v1"]}`, []want{
			{at: `"v1"`, area: m, sev: Warning, msg: `Unexpected fields found in migrations field: "0","1"`},
			{at: `"v1"`, area: m, msg: `"migrations[0].tag" is a required field.`}}},
		// Observed with wrangler 4.86: inside an environment the path has no
		// env prefix.
		{"env path", `{"env": {"s": {"migrations": [{"tag": 5}]}}}`, []want{
			{at: `5`, area: m, msg: `Expected "migrations[0].tag" to be of type string but got 5.`}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkProblems(t, "wrangler.jsonc", c.src, c.wants) })
	}
	// Non-object steps keep their index so tags line up with Steps[i].
	cfg, _ := parseSrc(t, "wrangler.jsonc", `{"migrations": [1, {"tag": "v2"}]}`)
	if s := cfg.Top.Migrations.Steps; len(s) != 2 || s[1].Index != 1 || s[1].Tag.Value != "v2" || s[0].Tag != nil {
		t.Errorf("steps = %+v", s)
	}
}

func TestParseJSONCExports(t *testing.T) {
	const x = AreaExports
	cases := []struct {
		name  string
		src   string
		wants []want
	}{
		{"valid", `{"exports": {"A": {"type": "durable-object", "storage": "sqlite"}, "B": {"type": "durable-object", "state": "deleted"},
 "C": {"type": "durable-object", "state": "renamed", "renamed_to": "A"}, "D": {"type": "durable-object", "state": "transferred", "transferred_to": "w"},
 "E": {"type": "durable-object", "state": "expecting-transfer", "storage": "legacy-kv", "transfer_from": "w2"}, "W": {"type": "worker", "cache": {"enabled": true}}}}`, nil},
		{"not object", `{"exports": ["A"]}`, []want{
			{at: `["A"]`, area: x, msg: `The optional "exports" field should be an object keyed by class name, but got ["A"]`}}},
		{"entry not object", `{"exports": {"A": "sqlite"}}`, []want{
			{at: `"sqlite"`, area: x, msg: `"exports.A" should be an object but got "sqlite".`}}},
		{"empty key", `{"exports": {"": {}}}`, []want{
			{at: `""`, area: x, msg: `"export" keys cannot be the empty string.`}}},
		{"bad type", `{"exports": {"A": {"type": "do"}}}`, []want{
			{at: `"do"`, area: x, msg: `"exports.A.type" must be "durable-object" or "worker", but got "do".`}}},
		{"missing type", `{"exports": {"A": {"storage": "sqlite"}}}`, []want{
			{at: `{"storage": "sqlite"}`, area: x, msg: `"exports.A.type" must be "durable-object" or "worker", but got undefined.`}}},
		{"bad state", `{"exports": {"A": {"type": "durable-object", "state": "gone"}}}`, []want{
			{at: `"gone"`, area: x, msg: `"exports.A.state" must be one of "created", "deleted", "renamed", "transferred", or "expecting-transfer" but got "gone".`}}},
		{"storage", `{"exports": {"A": {"type": "durable-object"}, "B": {"type": "durable-object", "state": "created", "storage": "kv"}}}`, []want{
			{at: `{"type": "durable-object"}`, area: x, msg: `"exports.A.storage" is required for state "created" and must be one of sqlite and legacy-kv, but got undefined`},
			{at: `"kv"`, area: x, msg: `"exports.B.storage" is required for state "created" and must be one of sqlite and legacy-kv, but got "kv"`}}},
		{"expecting transfer", `{"exports": {"A": {"type": "durable-object", "state": "expecting-transfer", "storage": "sqlite", "transfer_from": ""}}}`, []want{
			{at: `""`, area: x, msg: `"exports.A.transfer_from" is required for state "expecting-transfer" and must be a non-empty string.`}}},
		{"renamed", `{"exports": {"A": {"type": "durable-object", "state": "renamed"}, "B": {"type": "durable-object", "state": "renamed", "renamed_to": "9x"}, "C": {"type": "durable-object", "state": "renamed", "renamed_to": "C"}}}`, []want{
			{at: `{"type": "durable-object", "state": "renamed"}`, area: x, msg: `"exports.A.renamed_to" is required for state "renamed" and must be a non-empty string.`},
			{at: `"9x"`, area: x, msg: `"exports.B.renamed_to" must be a valid JavaScript identifier (got "9x").`},
			{at: `"C"`, n: 1, area: x, msg: `"exports.C.renamed_to" cannot equal the source class name "C".`}}},
		{"transferred", `{"exports": {"A": {"type": "durable-object", "state": "transferred", "transferred_to": 3}}}`, []want{
			{at: `3`, area: x, msg: `"exports.A.transferred_to" is required for state "transferred" and must be a non-empty string.`}}},
		{"forbidden keys", `{"exports": {"A": {"type": "durable-object", "state": "deleted", "storage": "sqlite"}, "B": {"type": "durable-object", "storage": "sqlite", "renamed_to": "X"}}}`, []want{
			{at: `"storage"`, area: x, msg: `"exports.A.storage" is forbidden on state "deleted". Allowed properties are: type and state.`},
			{at: `"renamed_to"`, area: x, msg: `"exports.B.renamed_to" is forbidden on state "created". Allowed properties are: type, state, storage, and container.`}}},
		{"container on kv", `{"exports": {"A": {"type": "durable-object", "storage": "legacy-kv", "container": "c"}}}`, []want{
			{at: `"c"`, area: x, msg: `"exports.A.container" requires "storage" to be "sqlite". Containers are not supported on Durable Objects using the "legacy-kv" storage backend.`}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkProblems(t, "wrangler.jsonc", c.src, c.wants) })
	}

	cfg, _ := parseSrc(t, "wrangler.jsonc", cases[0].src)
	ex := cfg.Top.Exports.Entries
	if len(ex) != 6 || ex[0].Class.Value != "A" || ex[0].Storage.Value != "sqlite" || !ex[0].Live() || ex[1].Live() || ex[2].Live() || !ex[4].Live() || ex[5].Live() {
		t.Errorf("entries = %+v", ex)
	}
	if ex[4].TransferFrom.Value != "w2" || ex[2].RenamedTo.Value != "A" || ex[3].TransferredTo.Value != "w" || len(ex[5].Keys) != 2 || ex[5].Keys[1].Value != "cache" {
		t.Errorf("entry fields: %+v %+v %+v", ex[4], ex[2], ex[5])
	}
}

func TestParseJSONCOther(t *testing.T) {
	const o = AreaOther
	src := `{"name": "My App", "main": 1, "compatibility_date": "2024–01–01", "compatibility_flags": "nodejs_compat", "no_bundle": "yes", "legacy_env": true,
 "env": {"e": {"compatibility_date": "01/02/2024", "compatibility_flags": ["a", 1]}}}`
	checkProblems(t, "wrangler.jsonc", src, []want{
		{at: `"legacy_env"`, area: o, msg: `The "legacy_env" field is no longer supported, so please remove it from your configuration file.`},
		{at: `"My App"`, area: o, msg: `Expected "name" to be of type string, alphanumeric and lowercase with dashes only but got "My App".`},
		{at: `1`, area: o, msg: `Expected "main" to be of type string but got 1.`},
		// Observed with wrangler 4.86: only the dash message, since the date
		// is valid once the dashes are replaced.
		{at: `"2024–01–01"`, area: o, msg: `"compatibility_date" field should use ISO-8601 accepted hyphens (-) rather than en-dashes (–) or em-dashes (—).`},
		{at: `"nodejs_compat"`, area: o, msg: `Expected "compatibility_flags" to be of type string array but got "nodejs_compat".`},
		{at: `"yes"`, area: o, msg: `Expected "no_bundle" to be of type boolean but got "yes".`},
		{at: `"01/02/2024"`, area: o, msg: `"compatibility_date" field should be a valid ISO-8601 date (YYYY-MM-DD), but got "01/02/2024".`},
		{at: `["a", 1]`, area: o, msg: `Expected "compatibility_flags" to be of type string array but got ["a",1].`},
	})
}

func TestDuplicateKeysLastWins(t *testing.T) {
	// JSON.parse keeps the last value of a repeated key.
	cfg, _ := parseSrc(t, "wrangler.jsonc", `{"name": "a", "name": "b", "vars": {"X": 1, "X": 2}}`)
	if cfg.Top.Name.Value != "b" || len(cfg.Top.Vars) != 1 || cfg.Top.Vars[0].Value != 2.0 {
		t.Errorf("top = %+v vars %+v", cfg.Top.Name, cfg.Top.Vars)
	}
}

func TestStringify(t *testing.T) {
	cfg, _ := parseSrc(t, "wrangler.jsonc", `{"migrations": {"a": [1e21, 1.5e-7, 0.5, -0, "q\"\n\u0001é", true, null, {"2": 1, "b": 2, "1": 3}]}}`)
	want := `The optional "migrations" field should be an array, but got {"a":[1e+21,1.5e-7,0.5,0,"q\"\n\u0001é",true,null,{"1":3,"2":1,"b":2}]}`
	if len(cfg.Problems) != 1 || cfg.Problems[0].Message != want {
		t.Errorf("got %+v\nwant %q", cfg.Problems, want)
	}
}

// TestParseJSONCDeepNesting feeds the two-megabyte, million-level file that
// used to overflow the parser's stack, a fatal error that ended the whole run.
func TestParseJSONCDeepNesting(t *testing.T) {
	const levels = 1_000_000
	src := `{"name": "deep", "vars": {"x": ` + strings.Repeat("[", levels) + strings.Repeat("]", levels) + "}}"
	cfg, fset := parseSrc(t, "wrangler.jsonc", src)
	if len(cfg.Problems) != 1 {
		t.Fatalf("problems = %v", cfg.Problems)
	}
	p := cfg.Problems[0]
	if p.Area != AreaSyntax || p.Message != "JSON syntax error: nesting deeper than 1000 levels" {
		t.Errorf("problem = %s", problemString(fset, p))
	}
	// The object and "vars" take two levels, so the 999th "[" is one too many.
	if got, want := cfg.File.Offset(p.Pos), strings.Index(src, "[")+998; got != want {
		t.Errorf("offset = %d, want %d", got, want)
	}
}
