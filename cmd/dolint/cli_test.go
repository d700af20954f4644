package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

const goodWorker = `import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {
  async increment(): Promise<number> {
    const n = ((await this.ctx.storage.get<number>("n")) ?? 0) + 1;
    await this.ctx.storage.put("n", n);
    return n;
  }
}
export default { async fetch(req: Request, env: any) { return Response.json(await env.COUNTER.getByName("a").increment()); } };
`

const goodConfig = `{
  "name": "good",
  "main": "src/index.ts",
  "compatibility_date": "2025-09-01",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }],
}
`

func TestExitCodes(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root,
		"good/wrangler.jsonc", goodConfig,
		"good/src/index.ts", goodWorker,
		// Only a warning: the class is KV-backed.
		"warn/wrangler.jsonc", strings.Replace(goodConfig, "new_sqlite_classes", "new_classes", 1),
		"warn/src/index.ts", goodWorker,
		"bad/wrangler.jsonc", strings.Replace(goodConfig, `"migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }],`, "", 1),
		"bad/src/index.ts", goodWorker)
	for _, tc := range []struct {
		args []string
		code int
		want string // in stdout+stderr
	}{
		{[]string{"good"}, 0, ""},
		{[]string{"warn"}, 0, "(kvbackend)"},
		{[]string{"--fail-on", "warning", "warn"}, 1, "(kvbackend)"},
		{[]string{"--severity", "error", "warn"}, 0, ""},
		{[]string{"bad"}, 1, "(missingmigration)"},
		{[]string{"bad", "--disable", "missingmigration"}, 0, ""},
		{[]string{"--enable", "kvbackend", "bad"}, 0, ""},
		{[]string{"--enable", "nosuchrule"}, 2, `unknown rule "nosuchrule"`},
		{[]string{"--fail-on", "fatal", "good"}, 2, "unknown severity"},
		{[]string{"--no-such-flag"}, 2, "unknown flag --no-such-flag (see 'dolint --help')"},
		{[]string{"missing-dir"}, 2, "no such file or directory"},
		{[]string{"--format", "xml", "good"}, 2, "xml"},
		{[]string{"./..."}, 1, "bad/wrangler.jsonc:"},
	} {
		code, stdout, stderr := dolint(t, root, tc.args...)
		if code != tc.code || !strings.Contains(stdout+stderr, tc.want) {
			t.Errorf("dolint %s: exit %d, want %d with %q in output:\n%s%s", strings.Join(tc.args, " "), code, tc.code, tc.want, stdout, stderr)
		}
	}
}

// The JSON format is a contract for editors and scripts: exactly these keys.
func TestJSONFormat(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root,
		"w/wrangler.jsonc", "{\n  \"name\": \"w\",\n  \"main\": \"src/index.ts\",\n  // 🦆 counts as two UTF-16 units\n  \"durable_objects\": { \"bindings\": [{ \"name\": \"C\", /* 🦆 */ \"class_name\": \"Counter\" }] },\n}\n",
		"w/src/index.ts", goodWorker)
	code, stdout, _ := dolint(t, root, "--format", "json", "--enable", "missingmigration", "./...")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	var raw struct {
		Diagnostics []map[string]any `json:"diagnostics"`
		Summary     map[string]any   `json:"summary"`
	}
	if err := json.Unmarshal([]byte(stdout), &raw); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	diags := raw.Diagnostics
	if len(diags) != 1 {
		t.Fatalf("want one diagnostic under \"diagnostics\":\n%s", stdout)
	}
	// The totals, so that a script need not count: one error, in one
	// project of two files (the config and its main module).
	want := map[string]any{"errors": 1.0, "warnings": 0.0, "infos": 0.0, "projects": 1.0, "files": 2.0}
	if fmt.Sprint(raw.Summary) != fmt.Sprint(want) {
		t.Errorf("summary %v, want %v", raw.Summary, want)
	}
	d := diags[0]
	var keys []string
	for k := range d {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if got := strings.Join(keys, ","); got != "column,detail,endColumn,endLine,file,fixes,line,message,projects,rule,severity" && got != "column,detail,endColumn,endLine,file,fixes,line,message,projects,related,rule,severity" {
		t.Errorf("keys: %s", got)
	}
	if ps, _ := d["projects"].([]any); len(ps) != 1 || ps[0] != "w/wrangler.jsonc" {
		t.Errorf("projects: %v, want [w/wrangler.jsonc]", d["projects"])
	}
	// Line 5: `  "durable_objects": { "bindings": [{ "name": "C", /* 🦆 */ "class_name": ` is
	// 76 bytes, 74 UTF-16 units, so "Counter" starts at column 75.
	if d["file"] != "w/wrangler.jsonc" || d["line"] != 5.0 || d["column"] != 75.0 || d["endColumn"] != 84.0 || d["rule"] != "missingmigration" || d["severity"] != "error" {
		t.Errorf("diagnostic: %v", d)
	}
}

// A config that does not parse is reported where it breaks, and the other
// projects are still linted.
func TestBrokenConfigDoesNotStopTheRun(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root,
		"a/wrangler.toml", "name = \"a\"\nmain = \"src/index.ts\"\n[[durable_objects.bindings]]\nname = \"X\"\nclass_name = \n",
		"b/wrangler.jsonc", strings.Replace(goodConfig, `"migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }],`, "", 1),
		"b/src/index.ts", goodWorker)
	code, stdout, stderr := dolint(t, root)
	if code != 1 || !strings.Contains(stdout, "a/wrangler.toml:5:") || !strings.Contains(stdout, "(configsyntax)") || !strings.Contains(stdout, "b/wrangler.jsonc:") {
		t.Errorf("exit %d:\n%s%s", code, stdout, stderr)
	}
}

func TestRulesAndExplain(t *testing.T) {
	root := t.TempDir()
	code, stdout, _ := dolint(t, root, "rules")
	if code != 0 || !strings.Contains(stdout, "missingmigration") || !strings.Contains(stdout, "sqlinjection") {
		t.Errorf("rules: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = dolint(t, root, "explain", "missingmigration")
	for _, want := range []string{"# missingmigration", "## Why is this bad?", "## Example", "## Use instead", "10061"} {
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("explain: exit %d, %q missing:\n%s", code, want, stdout)
		}
	}
	code, _, stderr := dolint(t, root, "explain", "nosuch")
	if code != 2 || !strings.Contains(stderr, "unknown rule") {
		t.Errorf("explain nosuch: exit %d: %s", code, stderr)
	}
}

// The bundled examples exist to show findings at once; their output is
// pinned so that a change in what dolint reports on them is reviewed.
func TestExamplesGolden(t *testing.T) {
	// What the examples' own git history holds (or a shallow clone of
	// this repository lacks) is not what they show.
	code, stdout, stderr := dolint(t, repoRoot(t), "--disable", "migrationhistory,nohistory", "./examples/...")
	if code != 1 {
		t.Errorf("exit %d: %s", code, stderr)
	}
	golden(t, filepath.Join(repoRoot(t), "testdata", "cli", "examples.golden"), []byte(stdout))
}
