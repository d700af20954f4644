package wrangler

import (
	"reflect"
	"testing"
)

const goodTOML = `# A typical Durable Objects worker.
name = "chat"
main = 'src/index.ts'
compatibility_date = "2025-04-01"
compatibility_flags = [ "nodejs_compat" ]
no_bundle = true

[[durable_objects.bindings]]
name = "ROOMS"
class_name = "Room"

[[durable_objects.bindings]] # remote
name = "REMOTE"
class_name = "Counter"
script_name = "other"

[[migrations]]
tag = "v1"
new_classes = ["Room"]

[[migrations]]
tag = "v2"
renamed_classes = [
  { from = "Room", to = "ChatRoom" }, # comment inside
  # a whole-line comment
]
deleted_classes = [ "Old", ]

[[migrations]]
tag = "v3"
new_sqlite_classes = [
  "Lobby",
  "Hall"
]
transferred_classes = [{from = "X", from_script = "s", to = "Y"}]

[vars]
MODE = "dev"
LIMIT = 1_000
HEX = 0x1F
RATIO = 2.5
ON = true
LIST = [1, "a"]
OBJ = { k = "v" }
"quoted key" = "q"

[env.production]
name = "chat-prod"
vars.MODE = "prod"

[[env.production.durable_objects.bindings]]
name = "ROOMS"
class_name = "Room"

[[env.production.durable_objects.bindings]]
name = "REMOTE"
class_name = "Counter"
script_name = "other"

[[env.staging.migrations]]
tag = "s1"
new_sqlite_classes = ["Room"]

[env.staging]
durable_objects.bindings = [
  { name = "ROOMS", class_name = "Room" },
  { name = "REMOTE", class_name = "Counter", script_name = "other" },
]
`

func TestParseTOMLModel(t *testing.T) {
	cfg := checkProblems(t, "wrangler.toml", goodTOML, nil)
	if cfg.Format != TOML {
		t.Errorf("format = %v", cfg.Format)
	}
	top := cfg.Top
	if top.Name.Value != "chat" || top.Main.Value != "src/index.ts" || !top.NoBundle.Value {
		t.Errorf("scalars: %+v %+v %+v", top.Name, top.Main, top.NoBundle)
	}
	checkAt(t, cfg, "main", top.Main.Pos, top.Main.End, `'src/index.ts'`, 0)
	checkAt(t, cfg, "flags", top.CompatibilityFlags.Pos, top.CompatibilityFlags.End, `[ "nodejs_compat" ]`, 0)
	checkAt(t, cfg, "no_bundle", top.NoBundle.Pos, top.NoBundle.End, `true`, 0)

	do := top.DurableObjects
	if len(do.Bindings) != 2 {
		t.Fatalf("bindings = %+v", do)
	}
	// An array-of-tables entry points at its [[header]].
	checkAt(t, cfg, "binding 0", do.Bindings[0].Pos, do.Bindings[0].End, "[[durable_objects.bindings]]", 0)
	checkAt(t, cfg, "binding 1", do.Bindings[1].Pos, do.Bindings[1].End, "[[durable_objects.bindings]]", 1)
	checkAt(t, cfg, "binding 1 script", do.Bindings[1].ScriptName.Pos, do.Bindings[1].ScriptName.End, `"other"`, 0)
	if do.Bindings[1].Local() || !do.Bindings[0].Local() {
		t.Errorf("Local")
	}

	steps := top.Migrations.Steps
	if len(steps) != 3 {
		t.Fatalf("steps = %d", len(steps))
	}
	checkAt(t, cfg, "step 1", steps[1].Pos, steps[1].End, "[[migrations]]", 1)
	checkAt(t, cfg, "tag v2", steps[1].Tag.Pos, steps[1].Tag.End, `"v2"`, 0)
	r := steps[1].RenamedClasses
	if len(r) != 1 || r[0].From.Value != "Room" || r[0].To.Value != "ChatRoom" {
		t.Fatalf("renamed = %+v", r)
	}
	checkAt(t, cfg, "rename entry", r[0].Pos, r[0].End, `{ from = "Room", to = "ChatRoom" }`, 0)
	checkAt(t, cfg, "deleted", steps[1].DeletedClasses.Pos, steps[1].DeletedClasses.End, `[ "Old", ]`, 0)
	nsc := steps[2].NewSqliteClasses
	checkAt(t, cfg, "multi-line array", nsc.Pos, nsc.End, "[\n  \"Lobby\",\n  \"Hall\"\n]", 0)
	checkAt(t, cfg, "Hall", nsc.Items[1].Pos, nsc.Items[1].End, `"Hall"`, 0)
	tr := steps[2].TransferredClasses
	if len(tr) != 1 || tr[0].FromScript.Value != "s" {
		t.Errorf("transferred = %+v", tr)
	}

	vars := map[string]any{}
	for _, v := range top.Vars {
		vars[v.Name.Value] = v.Value
	}
	wantVars := map[string]any{"MODE": "dev", "LIMIT": 1000.0, "HEX": 31.0, "RATIO": 2.5, "ON": true,
		"LIST": []any{1.0, "a"}, "OBJ": map[string]any{"k": "v"}, "quoted key": "q"}
	if !reflect.DeepEqual(vars, wantVars) {
		t.Errorf("vars = %#v", vars)
	}
	checkAt(t, cfg, "quoted key", top.Vars[7].Name.Pos, top.Vars[7].Name.End, `"quoted key"`, 0)
	checkAt(t, cfg, "inline table var", top.Vars[6].Pos, top.Vars[6].End, `{ k = "v" }`, 0)

	if len(cfg.Envs) != 2 || cfg.Envs[0].Name != "production" || cfg.Envs[1].Name != "staging" {
		t.Fatalf("envs = %+v", cfg.Envs)
	}
	prod := cfg.Envs[0]
	checkAt(t, cfg, "production section", prod.Pos, prod.End, "[env.production]", 0)
	if prod.Section.Name.Value != "chat-prod" || len(prod.DurableObjects.Bindings) != 2 || prod.Vars[0].Value != "prod" {
		t.Errorf("production = %+v", prod.Section)
	}
	checkAt(t, cfg, "prod binding", prod.DurableObjects.Bindings[1].Pos, prod.DurableObjects.Bindings[1].End, "[[env.production.durable_objects.bindings]]", 1)
	st := cfg.Envs[1]
	// staging was created by [[env.staging.migrations]] and given its own
	// header later; it points at the header.
	checkAt(t, cfg, "staging section", st.Pos, st.End, "[env.staging]", 0)
	checkAt(t, cfg, "staging name", st.NamePos, st.NamePos+7, "staging", 0)
	if st.Migrations.Steps[0].Tag.Value != "s1" || len(st.DurableObjects.Bindings) != 2 {
		t.Errorf("staging = %+v", st.Section)
	}
	checkAt(t, cfg, "dotted inline binding", st.DurableObjects.Bindings[1].Pos, st.DurableObjects.Bindings[1].End,
		`{ name = "REMOTE", class_name = "Counter", script_name = "other" }`, 0)
}

func TestParseTOMLProblems(t *testing.T) {
	cases := []struct {
		name  string
		src   string
		wants []want
	}{
		// Observed with wrangler 4.86 (deploy --dry-run): an unquoted TOML
		// date is a Date, not a string, and prints as its date text.
		{"unquoted date", "compatibility_date = 2024-01-01\n", []want{
			{at: "2024-01-01", area: AreaOther, msg: `Expected "compatibility_date" to be of type string but got "2024-01-01".`}}},
		{"binding", "[[durable_objects.bindings]]\nname = \"A\"\nclass_name = \"A\"\nremote = true\n\"7\" = 1\n", []want{
			{at: `"7"`, area: AreaDurableObjects, sev: Warning, msg: `Unexpected fields found in durable_objects.bindings[0] field: "7","remote"`}}},
		{"missing class_name", "[[env.p.durable_objects.bindings]]\nname = \"A\"\n", []want{
			{at: "[[env.p.durable_objects.bindings]]", area: AreaDurableObjects, msg: `binding should have a string "class_name" field.`}}},
		{"migrations", "[[migrations]]\nnew_classes = \"B\"\nrenamed_classes = [{from = \"X\"}]\n[[migrations]]\ntag = \"v2\"\nnew_sqlite_classes = [\"A\", 3]\nextra = 1\n", []want{
			{at: "[[migrations]]", area: AreaMigrations, msg: `"migrations[0].tag" is a required field.`},
			{at: `"B"`, area: AreaMigrations, msg: `Expected "migrations[0].new_classes" to be an array of strings but got "B"`},
			{at: `{from = "X"}`, area: AreaMigrations, msg: `Expected "migrations[0].renamed_classes" to be an array of "{from: string, to: string}" objects but got [{"from":"X"}].`},
			{at: "extra", area: AreaMigrations, sev: Warning, msg: `Unexpected fields found in migrations field: "extra"`},
			{at: "3", n: 0, area: AreaMigrations, msg: `Expected "migrations[1].new_sqlite_classes.[1]" to be of type string but got 3.`}}},
		{"exports", "[exports.A]\ntype = \"durable-object\"\nstorage = \"sqlite\"\n[exports.B]\ntype = \"durable-object\"\nstate = \"renamed\"\nrenamed_to = \"B\"\n", []want{
			{at: `"B"`, area: AreaExports, msg: `"exports.B.renamed_to" cannot equal the source class name "B".`}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkProblems(t, "wrangler.toml", c.src, c.wants) })
	}
}

func TestParseTOMLSyntax(t *testing.T) {
	cases := []struct {
		name, src string
		at        string
		n         int
		msg       string
	}{
		{"missing equals", "name = \"a\"\nmain \"b\"\n", `"b"`, 0, "TOML syntax error: expected '=' after key"},
		{"unterminated string", "name = \"a\n", "\n", 0, "TOML syntax error: basic strings cannot have new lines"},
		{"unclosed array", "new = [\"a\",\n", "\n", 0, "TOML syntax error: array is incomplete"},
		{"duplicate key", "name = \"a\"\nname = \"b\"\n", "name", 1, `TOML syntax error: key "name" is defined twice`},
		{"table twice", "[env.a]\nx = 1\n[env.a]\n", "a", 1, `TOML syntax error: table [env.a] is defined twice`},
		{"array of tables over array", "migrations = []\n[[migrations]]\n", "migrations", 1, `TOML syntax error: "migrations" is already defined and is not an array of tables`},
		{"extend inline table", "vars = {a = 1}\n[vars]\nb = 2\n", "vars", 1, `TOML syntax error: "vars" is already defined as a value and cannot be redefined as a table`},
		{"dotted into inline", "vars = {a = 1}\nvars.b = 2\n", "vars", 1, `TOML syntax error: key "vars.b" cannot be extended with a dotted key: it is already defined`},
		{"table over dotted", "a.b = 1\n[a]\n", "a", 1, `TOML syntax error: "a" is already defined as a value and cannot be redefined as a table`},
		{"header through value", "a = 1\n[a.b]\n", "a", 1, `TOML syntax error: "a.b" is already defined as a value and cannot be extended by a table header`},
		{"bad value", "name = @\n", "@", 0, "TOML syntax error: unexpected character U+0040 '@' at start of value"},
		// Observed with wrangler 4.86, whose TOML parser implements TOML 1.0:
		// "Invalid TOML document: newlines are not allowed in inline tables"
		// at the newline, and the trailing-comma message at the comma.
		{"newline in inline table", "r = [{ from = \"X\",\n  to = \"Y\" }]\n", "\n", 0, "TOML syntax error: newlines are not allowed in inline tables"},
		{"comment in inline table", "r = { # c\n a = 1 }\n", "\n", 0, "TOML syntax error: newlines are not allowed in inline tables"},
		{"trailing comma in inline table", "r = [{ from = \"X\", to = \"Y\", }]\n", ", }", 0, "TOML syntax error: trailing commas are not allowed in inline tables"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, fset := parseSrc(t, "wrangler.toml", c.src)
			if len(cfg.Problems) != 1 {
				t.Fatalf("problems = %v", cfg.Problems)
			}
			p := cfg.Problems[0]
			if p.Area != AreaSyntax || p.Message != c.msg {
				t.Errorf("problem = %s", problemString(fset, p))
			}
			want, _ := locate(t, c.src, c.at, c.n)
			if got := cfg.File.Offset(p.Pos); got != want {
				t.Errorf("offset = %d (%s), want %d", got, fset.Position(p.Pos), want)
			}
			if cfg.Top.Name != nil || cfg.Envs != nil {
				t.Errorf("model not empty after a syntax error")
			}
		})
	}
}

func TestParseTOMLTableRulesAllowed(t *testing.T) {
	// Forms TOML allows: a super-table after its sub-table, sub-tables of
	// dotted-key tables, array-of-tables entries extended by sub-tables.
	src := "[env.a.vars]\nX = 1\n[env.a]\nname = \"n\"\n[env]\nb.name = \"m\"\n[env.b.vars]\nY = 2\n[[migrations]]\ntag = \"v1\"\n[migrations.extra]\nk = 1\n"
	cfg := checkProblems(t, "wrangler.toml", src, []want{
		{at: "extra", area: AreaMigrations, sev: Warning, msg: `Unexpected fields found in migrations field: "extra"`},
	})
	if len(cfg.Envs) != 2 || cfg.Envs[0].Section.Name.Value != "n" || cfg.Envs[1].Section.Name.Value != "m" || cfg.Envs[1].Vars[0].Value != 2.0 {
		t.Errorf("envs = %+v %+v", cfg.Envs[0], cfg.Envs[1])
	}
}

func TestParseTOMLEmptyAndCRLF(t *testing.T) {
	cfg, _ := parseSrc(t, "wrangler.toml", "")
	if len(cfg.Problems) != 0 || cfg.Top.Name != nil {
		t.Errorf("empty: %+v", cfg)
	}
	src := "name = \"a\"\r\n[[migrations]]\r\ntag = 1\r\n"
	checkProblems(t, "wrangler.toml", src, []want{
		{at: "1", area: AreaMigrations, msg: `Expected "migrations[0].tag" to be of type string but got 1.`},
	})
}
