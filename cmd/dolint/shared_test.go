package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedTree writes n Worker projects (apps/a, apps/b, ...) whose entry
// modules re-export the Durable Object class of one library module. The
// class sets an alarm a day from the epoch (alarmtime, which has a safe
// fix) and starts an interval (timers).
func sharedTree(t *testing.T, n int) string {
	t.Helper()
	root := t.TempDir()
	files := []string{
		".git/HEAD", "ref: refs/heads/main\n",
		"lib/digest.ts", `import { DurableObject } from "cloudflare:workers";
const ONE_DAY = 24 * 60 * 60 * 1000;
export class Digest extends DurableObject {
  async start() {
    await this.ctx.storage.setAlarm(ONE_DAY);
    setInterval(() => this.tick(), 1000);
  }
  tick() {}
  async alarm() {}
}
`,
	}
	for i := range n {
		dir := "apps/" + string(rune('a'+i))
		files = append(files,
			dir+"/wrangler.jsonc", `{
  "name": "w`+string(rune('a'+i))+`",
  "main": "src/index.ts",
  "compatibility_date": "2025-01-01",
  "durable_objects": { "bindings": [{ "name": "DIGEST", "class_name": "Digest" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Digest"] }]
}
`,
			dir+"/src/index.ts", `export { Digest } from "../../../lib/digest";
export default { fetch: () => new Response("ok") };
`)
	}
	writeTree(t, root, files...)
	return root
}

// A finding in a module that several projects reach is printed once, and
// JSON lists the projects it applies to.
func TestSharedModuleFindingPrintedOnce(t *testing.T) {
	root := sharedTree(t, 3)
	_, text, _ := dolint(t, root, "--format", "text", "--enable", "timers,alarmtime", "./...")
	lines := findingLines(text)
	seen := map[string]bool{}
	for _, l := range lines {
		if seen[l] {
			t.Errorf("printed twice: %s", l)
		}
		seen[l] = true
	}
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "lib/digest.ts:5:") || !strings.HasPrefix(lines[1], "lib/digest.ts:6:") {
		t.Fatalf("want the alarmtime and timers findings once each:\n%s", text)
	}

	_, out, _ := dolint(t, root, "--format", "json", "--enable", "timers,alarmtime", "./...")
	var report struct {
		Diagnostics []struct {
			Rule     string   `json:"rule"`
			File     string   `json:"file"`
			Projects []string `json:"projects"`
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(report.Diagnostics) != 2 {
		t.Fatalf("want 2 findings:\n%s", out)
	}
	want := "apps/a/wrangler.jsonc apps/b/wrangler.jsonc apps/c/wrangler.jsonc"
	for _, d := range report.Diagnostics {
		if got := strings.Join(d.Projects, " "); got != want {
			t.Errorf("%s: projects %q, want %q", d.Rule, got, want)
		}
	}

	// SARIF and GitHub annotations: one result each too.
	_, sarif, _ := dolint(t, root, "--format", "sarif", "--enable", "timers,alarmtime", "./...")
	if n := strings.Count(sarif, `"ruleId"`); n != 2 {
		t.Errorf("SARIF has %d results, want 2", n)
	}
	_, gh, _ := dolint(t, root, "--format", "github", "--enable", "timers,alarmtime", "./...")
	if n := strings.Count("\n"+gh, "\n::"); n != 2 {
		t.Errorf("github format has %d annotations, want 2:\n%s", n, gh)
	}
}

// One edit in a shared module is one fix, not one per project.
func TestFixDiffCountsEditsNotProjects(t *testing.T) {
	root := sharedTree(t, 3)
	code, out, errOut := dolint(t, root, "fix", "--diff", "--no-verify", "--rule", "alarmtime", "./...")
	if code == exitError {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "1 fix would be applied") {
		t.Errorf("summary: %s", errOut)
	}
	if n := strings.Count(out, "fixed (alarmtime)"); n != 1 {
		t.Errorf("%d fixes listed, want 1:\n%s", n, out)
	}
	if n := strings.Count(out, "\n+") - strings.Count(out, "\n+++"); n != 1 {
		t.Errorf("diff adds %d lines, want 1:\n%s", n, out)
	}
}

// Under ./..., a project with an unreadable config, one whose src/ cannot
// be listed and one whose main cannot be read are findings in those
// projects; a good project beside them is still linted. Tests run as
// root, so mode bits would not stop a read: the config is a dangling
// symbolic link and src/ a symbolic link to itself.
func TestUnreadableInputsAreFindingsOfTheirProjects(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root,
		".git/HEAD", "ref: refs/heads/main\n",
		"good/wrangler.jsonc", `{"name": "good", "main": "src/index.ts", "durable_objects": {"bindings": [{"name": "C", "class_name": "Counter"}]}}`,
		"good/src/index.ts", goodWorker,
		"loop/wrangler.jsonc", `{"name": "loop", "main": "src/index.ts"}`,
		"entry/wrangler.jsonc", `{"name": "entry", "main": "src/index.ts"}`,
		"dangling/README.md", "config is a dangling link\n",
	)
	if err := os.Symlink(filepath.Join(root, "nowhere.jsonc"), filepath.Join(root, "dangling", "wrangler.jsonc")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("src", filepath.Join(root, "loop", "src")); err != nil {
		t.Fatal(err)
	}
	// An entry module that is a symbolic link to itself: it is listed as
	// a file, and reading it fails.
	if err := os.MkdirAll(filepath.Join(root, "entry", "src"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("index.ts", filepath.Join(root, "entry", "src", "index.ts")); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := dolint(t, root, "--format", "json", "./...")
	if code != exitFindings {
		t.Fatalf("exit %d, want %d:\n%s%s", code, exitFindings, out, errOut)
	}
	var report struct {
		Diagnostics []struct {
			Rule, Severity, Message, File string
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	found := map[string]string{}
	for _, d := range report.Diagnostics {
		found[d.File+" "+d.Rule] = d.Severity + " " + d.Message
		if strings.Contains(d.Message, "does not exist") {
			t.Errorf("an unreadable path is reported as missing: %s: %s", d.File, d.Message)
		}
	}
	for key, want := range map[string]string{
		"dangling/wrangler.jsonc configsyntax": "error cannot read the wrangler config",
		"loop/wrangler.jsonc sourcesyntax":     `error cannot read main "src/index.ts" (too many levels of symbolic links)`,
		"entry/wrangler.jsonc sourcesyntax":    `error cannot read main "src/index.ts"`,
		"good/wrangler.jsonc missingmigration": "error",
	} {
		if got, ok := found[key]; !ok || !strings.HasPrefix(got, want) {
			t.Errorf("%s: got %q, want it to start with %q\nall findings:\n%s", key, got, want, out)
		}
	}
}
