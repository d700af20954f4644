package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/all"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

var update = flag.Bool("update", false, "rewrite golden files")

// repoRoot is the repository root, two levels above this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// dolint runs the command in dir and returns its exit code and output.
func dolint(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./cmd/dolint -update creates it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (go test ./cmd/dolint -update rewrites it)\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// goldenRules are the rules the golden cases run, so that a rule added
// later does not change them.
const goldenRules = "missingmigration,envbindings,kvbackend,duplicatetag"

func validateSARIF(t *testing.T, out []byte) {
	t.Helper()
	c := jsonschema.NewCompiler()
	sch, err := c.Compile(filepath.Join(repoRoot(t), "internal", "output", "testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("not valid SARIF 2.1.0: %v", err)
	}
}

func TestSARIFGolden(t *testing.T) {
	t.Setenv("GITHUB_ACTIONS", "")
	root := repoRoot(t)
	code, out, stderr := dolint(t, root, "--format", "sarif", "--enable", goldenRules, "testdata/sarif/...")
	if code != exitFindings {
		t.Fatalf("exit %d, want %d (the examples hold errors); stderr:\n%s", code, exitFindings, stderr)
	}
	validateSARIF(t, []byte(out))

	var log map[string]any
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	run := log["runs"].([]any)[0].(map[string]any)
	drv := run["tool"].(map[string]any)["driver"].(map[string]any)
	rules := drv["rules"].([]any)
	// Every rule is described, whether it ran and fired or not.
	var ids []string
	for _, r := range rules {
		ids = append(ids, r.(map[string]any)["id"].(string))
	}
	var want []string
	for _, d := range all.Rules().Docs() {
		want = append(want, d.Name)
	}
	if strings.Join(ids, ",") != strings.Join(want, ",") {
		t.Errorf("rules %v, want every rule in order %v", ids, want)
	}
	for _, r := range run["results"].([]any) {
		res := r.(map[string]any)
		i := int(res["ruleIndex"].(float64))
		if rules[i].(map[string]any)["id"] != res["ruleId"] {
			t.Errorf("result of %v has ruleIndex %d, which is %v", res["ruleId"], i, rules[i].(map[string]any)["id"])
		}
		// Indexes and the full rule list change as rules are added; the
		// checks above cover them, the golden file the rest.
		delete(res, "ruleIndex")
	}
	delete(drv, "rules")
	norm, err := json.MarshalIndent(log, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, filepath.Join(root, "testdata", "sarif", "want.sarif"), append(norm, '\n'))
}

func TestGitHubFormatGolden(t *testing.T) {
	root := repoRoot(t)
	// No --format: inside GitHub Actions the github format is the default.
	t.Setenv("GITHUB_ACTIONS", "true")
	code, out, stderr := dolint(t, root, "--enable", goldenRules, "testdata/sarif/...")
	if code != exitFindings {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	if !strings.HasPrefix(out, "::") {
		t.Fatalf("GITHUB_ACTIONS=true did not select the github format:\n%s", out)
	}
	golden(t, filepath.Join(root, "testdata", "sarif", "want.github"), []byte(out))

	// An explicit --format still wins.
	_, out, _ = dolint(t, root, "--format", "text", "--enable", goldenRules, "testdata/sarif/...")
	if strings.HasPrefix(out, "::") {
		t.Errorf("--format text ignored under GITHUB_ACTIONS=true")
	}
}

// copyDir copies a testdata tree into a temporary directory.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := os.CopyFS(dst, os.DirFS(src))
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// fingerprintsOf runs dolint --format sarif in dir and returns each
// result's fingerprint with its rule.
func fingerprintsOf(t *testing.T, dir string) []string {
	t.Helper()
	_, out, stderr := dolint(t, dir, "--format", "sarif", "--enable", goldenRules)
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID              string            `json:"ruleId"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
				Locations           []struct {
					PhysicalLocation struct {
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("%v; stderr: %s", err, stderr)
	}
	var fps []string
	for _, r := range log.Runs[0].Results {
		fp := r.PartialFingerprints["dolint/v1"]
		if fp == "" {
			t.Fatalf("%s: no fingerprint", r.RuleID)
		}
		fps = append(fps, r.RuleID+" "+fp)
	}
	return fps
}

func TestSARIFFingerprintsStableWhenLinesAreAdded(t *testing.T) {
	dir := copyDir(t, filepath.Join(repoRoot(t), "testdata", "sarif"))
	before := fingerprintsOf(t, dir)
	if len(before) < 4 {
		t.Fatalf("expected the four golden findings, got %v", before)
	}
	for _, f := range []string{"api/wrangler.jsonc", "billing/wrangler.toml"} {
		p := filepath.Join(dir, f)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		comment := "// "
		if strings.HasSuffix(f, ".toml") {
			comment = "# "
		}
		added := comment + "a note added at the top\n" + comment + "and another line\n\n"
		if err := os.WriteFile(p, append([]byte(added), data...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	after := fingerprintsOf(t, dir)
	if strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Errorf("fingerprints changed when lines were added above the findings:\nbefore %q\nafter  %q", before, after)
	}
}
