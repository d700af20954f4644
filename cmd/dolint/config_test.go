package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/all"
	"github.com/dolint-dev/dolint/internal/discover"
	"github.com/dolint-dev/dolint/internal/rule"
	"golang.org/x/tools/go/analysis"
)

// writeTree writes files (path, content pairs) below dir.
func writeTree(t *testing.T, dir string, files ...string) {
	t.Helper()
	for i := 0; i < len(files); i += 2 {
		p := filepath.Join(dir, filepath.FromSlash(files[i]))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(files[i+1]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// A Worker with one missingmigration error and one kvbackend warning.
const (
	badConfig = `{
  "name": "w",
  "main": "src/index.ts",
  "compatibility_date": "2025-09-01",
  "durable_objects": { "bindings": [
    { "name": "A", "class_name": "A" },
    { "name": "B", "class_name": "B" }
  ] },
  "migrations": [{ "tag": "v1", "new_classes": ["A"] }]
}
`
	badSource = `import { DurableObject } from "cloudflare:workers";
export class A extends DurableObject {}
export class B extends DurableObject {}
export default { fetch: () => new Response("ok") };
`
)

// repo makes a repository root without commits (a .git directory is all
// the configuration search looks for; a real one, so that nohistory has no
// missing history to note) holding two copies of the bad Worker.
func repo(t *testing.T) string {
	dir := t.TempDir()
	if _, err := exec.LookPath("git"); err == nil {
		git(t, dir, "init", "-q")
	} else if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeTree(t, dir,
		"one/wrangler.jsonc", badConfig, "one/src/index.ts", badSource,
		"two/wrangler.jsonc", badConfig, "two/src/index.ts", badSource,
	)
	return dir
}

func rulesOf(out string) []string {
	var rules []string
	for _, line := range findingLines(out) {
		if i := strings.LastIndex(line, " ("); i >= 0 {
			rules = append(rules, strings.SplitN(line, ":", 2)[0]+" "+strings.TrimSuffix(line[i+2:], ")")+" "+strings.Fields(line)[1])
		}
	}
	return rules
}

func TestConfigFile(t *testing.T) {
	t.Setenv("GITHUB_ACTIONS", "")
	dir := repo(t)
	code, out, _ := dolint(t, dir, "--enable", "missingmigration,kvbackend")
	if code != exitFindings || len(rulesOf(out)) != 4 {
		t.Fatalf("without a config: exit %d\n%s", code, out)
	}

	// The repository's file turns kvbackend off and makes missingmigration
	// a warning; two/ has its own file, which wins whole.
	writeTree(t, dir,
		".dolint.jsonc", `{
  // Legacy storage is known and accepted here.
  "rules": { "kvbackend": "off", "missingmigration": "warning" },
}`,
		"two/.dolint.jsonc", `{ "failOn": "warning" }`,
	)
	code, out, stderr := dolint(t, dir)
	got := strings.Join(rulesOf(out), "\n")
	want := strings.Join([]string{
		"one/wrangler.jsonc missingmigration warning:",
		"two/wrangler.jsonc missingmigration error:",
		"two/wrangler.jsonc kvbackend warning:",
	}, "\n")
	if got != want {
		t.Errorf("findings:\n%s\nwant\n%s\nstderr: %s", got, want, stderr)
	}
	if code != exitFindings {
		t.Errorf("exit %d, want 1", code)
	}

	// With only one/ linted, its warnings do not fail the run...
	if code, _, _ := dolint(t, dir, "one"); code != exitOK {
		t.Errorf("one: exit %d, want 0: a warning is below the default failOn", code)
	}
	// ...unless the command line says so, and --enable overrides "off".
	code, out, _ = dolint(t, dir, "--fail-on", "warning", "--enable", "kvbackend", "one")
	if code != exitFindings || !strings.Contains(out, "(kvbackend)") {
		t.Errorf("one with --fail-on warning --enable kvbackend: exit %d\n%s", code, out)
	}

	// Ignore globs skip projects and files. (two/'s own file would win
	// over the repository's, so it goes.)
	if err := os.Remove(filepath.Join(dir, "two", ".dolint.jsonc")); err != nil {
		t.Fatal(err)
	}
	writeTree(t, dir, ".dolint.jsonc", `{"ignore": ["two/**"]}`)
	_, out, _ = dolint(t, dir, "--enable", "missingmigration")
	if strings.Contains(out, "two/") || !strings.Contains(out, "one/") {
		t.Errorf("two/ is ignored:\n%s", out)
	}
	writeTree(t, dir, ".dolint.jsonc", `{"ignore": ["wrangler.jsonc"]}`)
	if code, out, _ = dolint(t, dir, "--enable", "missingmigration"); code != exitOK || out != "" {
		t.Errorf("findings in ignored files: exit %d\n%s", code, out)
	}
}

func TestConfigFileErrors(t *testing.T) {
	dir := repo(t)
	writeTree(t, dir, ".dolint.jsonc", "{\n  \"rules\": {\n    \"kvbackends\": \"off\"\n  }\n}\n")
	code, out, stderr := dolint(t, dir)
	want := "dolint: " + filepath.Join(dir, ".dolint.jsonc") + `:3:5: unknown rule "kvbackends" (see 'dolint rules')`
	if code != exitError || out != "" || strings.TrimSpace(stderr) != want {
		t.Errorf("exit %d, stdout %q, stderr %q; want 2 and %q", code, out, stderr, want)
	}
	writeTree(t, dir, ".dolint.jsonc", `{"failon": "error"}`)
	if code, _, stderr := dolint(t, dir); code != exitError || !strings.Contains(stderr, `.dolint.jsonc:1:2: unknown key "failon"`) {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestPrintConfig(t *testing.T) {
	dir := repo(t)
	writeTree(t, dir, "two/.dolint.jsonc", `{
  "rules": {
    "kvbackend": "off",
    "missingmigration": { "severity": "warning" },
  },
  "ignore": ["legacy/**"],
  "failOn": "warning",
}`)
	code, out, stderr := dolint(t, dir, "--print-config", "two")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var eff struct {
		ConfigFile *string
		FailOn     string
		Ignore     []string
		Rules      map[string]struct {
			Enabled  bool
			Severity string
			Options  map[string]any
		}
	}
	if err := json.Unmarshal([]byte(out), &eff); err != nil {
		t.Fatal(err)
	}
	if eff.ConfigFile == nil || *eff.ConfigFile != "two/.dolint.jsonc" || eff.FailOn != "warning" || strings.Join(eff.Ignore, ",") != "legacy/**" {
		t.Errorf("effective config %s", out)
	}
	if r := eff.Rules["kvbackend"]; r.Enabled {
		t.Errorf("kvbackend enabled: %+v", r)
	}
	if r := eff.Rules["missingmigration"]; !r.Enabled || r.Severity != "warning" || r.Options != nil {
		t.Errorf("missingmigration: %+v", r)
	}
	if r := eff.Rules["envbindings"]; !r.Enabled || r.Severity != "error" {
		t.Errorf("envbindings keeps its defaults: %+v", r)
	}
	if len(eff.Rules) != all.Rules().Len() {
		t.Errorf("%d rules shown, want all %d", len(eff.Rules), all.Rules().Len())
	}

	// Flags are part of the effective configuration; one/ has no file.
	_, out, _ = dolint(t, dir, "--print-config", "--disable", "envbindings", "--fail-on", "info", "one")
	if !strings.Contains(out, `"configFile": null`) || !strings.Contains(out, `"failOn": "info"`) ||
		!strings.Contains(out, "\"envbindings\": {\n      \"enabled\": false") {
		t.Errorf("one/ with flags:\n%s", out)
	}
}

func TestFileArgumentsLintTheirProjects(t *testing.T) {
	t.Setenv("GITHUB_ACTIONS", "")
	dir := repo(t)
	writeTree(t, dir, "README.md", "not in a project\n", "one/src/lib/util.ts", "export {};\n")
	// A source file deep in one/ and the config of two/ name both projects.
	code, out, _ := dolint(t, dir, "--enable", "missingmigration", "one/src/lib/util.ts", "one/src/index.ts", "two/wrangler.jsonc")
	if code != exitFindings || strings.Count(out, "(missingmigration)") != 2 {
		t.Errorf("exit %d\n%s", code, out)
	}
	// Only one/: a changed file lints its own project, not the repository.
	_, out, _ = dolint(t, dir, "--enable", "missingmigration", "one/src/index.ts")
	if !strings.Contains(out, "one/wrangler.jsonc") || strings.Contains(out, "two/") {
		t.Errorf("one/src/index.ts:\n%s", out)
	}
	// A file outside any project lints nothing (not ./..., the default).
	code, out, stderr := dolint(t, dir, "README.md")
	if code != exitOK || out != "" {
		t.Errorf("README.md: exit %d\n%s%s", code, out, stderr)
	}
	// A missing file is an error, not silently skipped.
	if code, _, stderr := dolint(t, dir, "one/src/gone.ts"); code != exitError || !strings.Contains(stderr, "gone.ts") {
		t.Errorf("missing file: exit %d, %s", code, stderr)
	}
}

func TestOutputFlag(t *testing.T) {
	dir := repo(t)
	code, _, stderr := dolint(t, dir, "--format", "sarif", "--output", "report/dolint.sarif", "--enable", "missingmigration")
	if code != exitError || !strings.Contains(stderr, "report") {
		t.Errorf("into a missing directory: exit %d, %s", code, stderr)
	}
	code, out, stderr := dolint(t, dir, "--format", "sarif", "--output", "dolint.sarif", "--enable", "missingmigration")
	if code != exitFindings || out != "" {
		t.Fatalf("exit %d, stdout %q, stderr %s", code, out, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "dolint.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, data)
	if !strings.Contains(string(data), `"uri": "one/wrangler.jsonc"`) {
		t.Errorf("URIs are not relative to the repository root:\n%s", data)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".dolint.sarif") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
	// From a subdirectory, URIs stay relative to the repository root.
	_, _, _ = dolint(t, filepath.Join(dir, "two"), "--format", "sarif", "--output", "../sub.sarif", "--enable", "missingmigration")
	data, _ = os.ReadFile(filepath.Join(dir, "sub.sarif"))
	if !strings.Contains(string(data), `"uri": "two/wrangler.jsonc"`) {
		t.Errorf("from two/: URIs not relative to the repository root:\n%.400s", data)
	}
}

func TestColorFlag(t *testing.T) {
	t.Setenv("GITHUB_ACTIONS", "")
	t.Setenv("NO_COLOR", "")
	t.Setenv("FORCE_COLOR", "")
	dir := repo(t)
	_, out, _ := dolint(t, dir, "--enable", "missingmigration", "one")
	if strings.Contains(out, "\x1b[") {
		t.Errorf("colour in a pipe:\n%s", out)
	}
	_, out, _ = dolint(t, dir, "--color", "always", "--enable", "missingmigration", "one")
	if !strings.Contains(out, "\x1b[1;31merror\x1b[0m") {
		t.Errorf("--color always:\n%q", out)
	}
	t.Setenv("FORCE_COLOR", "1")
	_, out, _ = dolint(t, dir, "--enable", "missingmigration", "one")
	if !strings.Contains(out, "\x1b[") {
		t.Errorf("FORCE_COLOR=1 ignored:\n%q", out)
	}
	if code, _, _ := dolint(t, dir, "--color", "sometimes"); code != exitError {
		t.Errorf("--color sometimes: exit %d", code)
	}
}

// TestConfigExample runs the README's example configuration file.
func TestConfigExample(t *testing.T) {
	t.Setenv("GITHUB_ACTIONS", "")
	root := repoRoot(t)
	// Every rule runs: --enable would override the file's "off".
	code, out, stderr := dolint(t, root, "testdata/config/...")
	want := "testdata/config/apps/chat/wrangler.jsonc envbindings warning:"
	if got := strings.Join(rulesOf(out), "\n"); got != want || code != exitOK {
		t.Errorf("with the example config: exit %d\n%s\nwant only %s\n%s", code, got, want, stderr)
	}
	// Without it, the same tree has errors, kvbackend findings and a
	// legacy project: each setting of the file changed something.
	dir := copyDir(t, filepath.Join(root, "testdata", "config"))
	if err := os.Remove(filepath.Join(dir, ".dolint.jsonc")); err != nil {
		t.Fatal(err)
	}
	code, out, _ = dolint(t, dir, "--enable", goldenRules)
	for _, s := range []string{"apps/chat/wrangler.jsonc envbindings error:", "apps/chat/wrangler.jsonc kvbackend warning:", "legacy/old/wrangler.toml missingmigration error:"} {
		if !strings.Contains(strings.Join(rulesOf(out), "\n"), s) {
			t.Errorf("without the config, no %q in\n%s", s, out)
		}
	}
	if code != exitFindings {
		t.Errorf("without the config: exit %d", code)
	}
}

// TestRuleOptions follows options and severities from .dolint.jsonc
// through a run to the passes of its rules (rule.Settings), project by
// project. No shipped rule takes options yet, so the test's rules do.
func TestRuleOptions(t *testing.T) {
	dir := repo(t)
	writeTree(t, dir,
		".dolint.jsonc", `{"rules": {"limits": {"severity": "info", "options": {"max": 3, /* three */}}}}`,
		"two/.dolint.jsonc", `{"rules": {"limits": {"options": {"max": 5, "typo": true}}}}`,
	)
	var (
		mu   sync.Mutex
		seen = map[string]string{} // "rule project" → what its pass saw
	)
	probe := func(name, options string) *rule.Rule {
		return rule.New(&rule.Doc{Name: name, Title: "t", Severity: rule.Warning, Options: options}, func(pass *analysis.Pass) (any, error) {
			opts := struct{ Max int }{Max: 10}
			if err := rule.DecodeOptions(pass, &opts); err != nil {
				return nil, err
			}
			mu.Lock()
			defer mu.Unlock()
			seen[name+" "+filepath.Base(filepath.Dir(pass.OtherFiles[0]))] = fmt.Sprintf("max %d, %s", opts.Max, rule.SeverityOf(pass, rule.Warning))
			return nil, nil
		})
	}
	sel, err := newSelection(rule.NewSet(probe("limits", "max: the limit"), probe("other", "")), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	projects, err := discover.Projects([]string{filepath.Join(dir, "...")})
	if err == nil {
		projects, err = sel.configure(projects)
	}
	if err != nil {
		t.Fatal(err)
	}
	_, err = sel.run(projects, nil)
	// two's typo fails its project, naming the option; one is linted.
	if err == nil || !strings.Contains(err.Error(), `unknown field "typo"`) || !strings.Contains(err.Error(), filepath.Join("two", "wrangler.jsonc")) {
		t.Errorf("an unknown option is not an error of its project: %v", err)
	}
	for k, want := range map[string]string{
		"limits one": "max 3, info",     // from the repository's file
		"other one":  "max 10, warning", // a rule without options keeps its defaults
		"other two":  "max 10, warning",
	} {
		if seen[k] != want {
			t.Errorf("%s: %q, want %q", k, seen[k], want)
		}
	}
	if s, ok := seen["limits two"]; ok {
		t.Errorf("limits two: ran with %q despite the typo", s)
	}
}

func TestOptionsForRuleWithoutOptions(t *testing.T) {
	dir := repo(t)
	writeTree(t, dir, ".dolint.jsonc", `{"rules": {"missingmigration": {"options": {"x": 1}}}}`)
	code, _, stderr := dolint(t, dir)
	if code != exitError || !strings.Contains(stderr, `.dolint.jsonc:1:33: rule missingmigration takes no options`) {
		t.Errorf("exit %d: %s", code, stderr)
	}
}
