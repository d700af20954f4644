package main

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// action is the part of action.yml the tests read.
type action struct {
	Name   string
	Inputs map[string]struct {
		Description string
		Default     *string
	}
	Runs struct {
		Using string
		Steps []struct {
			ID   string
			Name string
			Uses string
			If   string
			Run  string
			With map[string]string
			Env  map[string]string
		}
	}
}

func loadAction(t *testing.T) *action {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a action
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(false)
	if err := dec.Decode(&a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	return &a
}

var flagToken = regexp.MustCompile(`(?:^|[\s(])--?([a-z][a-z0-9-]*)`)

func TestActionUsesOnlyRealFlags(t *testing.T) {
	a := loadAction(t)
	fs := flag.NewFlagSet("dolint", flag.ContinueOnError)
	new(lintFlags).register(fs)
	n := 0
	for _, s := range a.Runs.Steps {
		for _, line := range strings.Split(s.Run, "\n") {
			line = strings.TrimSpace(line)
			// Flags in an array that is passed to dolint count too.
			if !strings.HasPrefix(line, "dolint ") && !strings.Contains(line, "fail_on=(") {
				continue
			}
			for _, m := range flagToken.FindAllStringSubmatch(line, -1) {
				n++
				if fs.Lookup(m[1]) == nil {
					t.Errorf("step %q passes --%s, which dolint does not have: %s", s.Name, m[1], line)
				}
			}
		}
	}
	if n < 3 {
		t.Errorf("found only %d dolint flags in action.yml; the parser missed the run scripts", n)
	}
}

func TestActionShape(t *testing.T) {
	a := loadAction(t)
	if a.Runs.Using != "composite" {
		t.Errorf("runs.using %q", a.Runs.Using)
	}
	for _, in := range []string{"patterns", "version", "format", "fail-on", "sarif-file", "upload"} {
		if _, ok := a.Inputs[in]; !ok {
			t.Errorf("no input %q", in)
		}
	}
	if d := a.Inputs["upload"].Default; d == nil || *d != "true" {
		t.Errorf("upload defaults to %v, want true", d)
	}
	var resolve, cache, install, upload bool
	for _, s := range a.Runs.Steps {
		switch {
		case strings.HasPrefix(s.Uses, "actions/setup-go@") || strings.Contains(s.Run, "go install") || strings.Contains(s.Run, "go build"):
			// The job's own Go, if it has one, is left as the job set it.
			t.Errorf("step %q sets up or runs Go", s.Name)
		case s.ID == "resolve":
			resolve = true
			if s.Env["ACTION_REF"] != "${{ github.action_ref }}" {
				t.Errorf("the version does not default to the action's ref: %v", s.Env)
			}
		case strings.HasPrefix(s.Uses, "actions/cache@"):
			cache = true
			if s.With["path"] != "${{ steps.resolve.outputs.dir }}" || !strings.Contains(s.With["key"], "${{ steps.resolve.outputs.version }}") || !strings.Contains(s.With["key"], "${{ steps.resolve.outputs.platform }}") {
				t.Errorf("cache is not keyed by version and platform: %v", s.With)
			}
		case strings.Contains(s.Run, `npm pack "@dolint/$PLATFORM@$VERSION"`):
			install = true
			if s.If != "steps.cache.outputs.cache-hit != 'true'" {
				t.Errorf("install runs even on a cache hit: %q", s.If)
			}
		case strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@"):
			upload = true
			// Findings must upload even when the lint step reports them,
			// and never from a fork's pull request, whose token cannot.
			for _, want := range []string{"always()", "inputs.upload == 'true'", "!(github.event.pull_request && github.event.pull_request.head.repo.full_name != github.repository)"} {
				if !strings.Contains(s.If, want) {
					t.Errorf("upload step condition %q lacks %s", s.If, want)
				}
			}
		}
		if s.ID == "lint" {
			// One run gives both the log and the SARIF file.
			runs := 0
			for _, line := range strings.Split(s.Run, "\n") {
				if strings.HasPrefix(strings.TrimSpace(line), "dolint ") {
					runs++
				}
			}
			if runs != 1 || !strings.Contains(s.Run, "--sarif-output") {
				t.Errorf("the lint step runs dolint %d times, want once with --sarif-output", runs)
			}
		}
		if s.Run != "" && strings.Contains(s.Run, "${{") {
			t.Errorf("step %q expands an expression inside its script; pass it through env (script injection)", s.Name)
		}
	}
	if !resolve || !cache || !install || !upload {
		t.Errorf("steps: resolve %v, cache %v, npm pack %v, upload-sarif %v", resolve, cache, install, upload)
	}
	if _, ok := a.Inputs["go-version"]; ok {
		t.Error("go-version is an input, but nothing builds dolint")
	}
}

// TestActionScripts runs the action's own shell steps, as the runner
// would, with a dolint built from this tree on PATH.
func TestActionScripts(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not installed")
	}
	a := loadAction(t)
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "dolint"), ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	step := func(name string) string {
		for _, s := range a.Runs.Steps {
			if s.Name == name {
				return s.Run
			}
		}
		t.Fatalf("no step %q", name)
		return ""
	}
	work := copyDir(t, filepath.Join(repoRoot(t), "testdata", "sarif"))
	runStep := func(script string, env ...string) (int, map[string]string, string) {
		outFile := filepath.Join(t.TempDir(), "output")
		cmd := exec.Command(bash, "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "GITHUB_OUTPUT="+outFile, "GITHUB_ACTIONS=true")
		cmd.Env = append(cmd.Env, env...)
		log, _ := cmd.CombinedOutput()
		outputs := map[string]string{}
		data, _ := os.ReadFile(outFile)
		for _, line := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(line, "="); ok {
				outputs[k] = v
			}
		}
		return cmd.ProcessState.ExitCode(), outputs, string(log)
	}
	lint := step("Run dolint")
	check := step("Check findings")

	code, out, log := runStep(lint, "PATTERNS=./api/... ./billing", "FORMAT=github", "FAIL_ON=", "SARIF_FILE=dolint.sarif")
	if code != 0 || out["exit-code"] != "1" || out["sarif-file"] != "dolint.sarif" {
		t.Fatalf("lint step: exit %d, outputs %v\n%s", code, out, log)
	}
	if !strings.Contains(log, "::error file=api/wrangler.jsonc,") || !strings.Contains(log, "::error file=billing/wrangler.toml,") {
		t.Errorf("no annotations for both patterns in the log:\n%s", log)
	}
	data, err := os.ReadFile(filepath.Join(work, "dolint.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, data)
	if c, _, log := runStep(check, "CODE=1", "FAIL_ON="); c != 1 || !strings.Contains(log, "::error title=dolint::") {
		t.Errorf("check step with findings: exit %d\n%s", c, log)
	}
	if c, _, _ := runStep(check, "CODE=1", "FAIL_ON=never"); c != 0 {
		t.Errorf("fail-on never still fails: exit %d", c)
	}

	// fail-on error: the kvbackend warning alone does not fail.
	_, out, log = runStep(lint, "PATTERNS=./billing", "FORMAT=text", "FAIL_ON=error", "SARIF_FILE=b.sarif")
	if out["exit-code"] != "1" {
		t.Errorf("billing holds a duplicatetag error: outputs %v\n%s", out, log)
	}
	if err := os.WriteFile(filepath.Join(work, ".dolint.jsonc"), []byte(`{"rules": {"duplicatetag": "off"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, out, log = runStep(lint, "PATTERNS=./billing", "FORMAT=text", "FAIL_ON=error", "SARIF_FILE=b.sarif")
	if out["exit-code"] != "0" || !strings.Contains(log, "(kvbackend)") {
		t.Errorf("only a warning left: outputs %v\n%s", out, log)
	}
	if c, _, _ := runStep(check, "CODE=0", "FAIL_ON=error"); c != 0 {
		t.Errorf("check step without failing findings: exit %d", c)
	}

	// A usage error stops the step and writes no SARIF file to upload.
	code, out, log = runStep(lint, "PATTERNS=./nowhere", "FORMAT=github", "FAIL_ON=", "SARIF_FILE=c.sarif")
	if code != 2 || out["sarif-file"] != "" {
		t.Errorf("bad pattern: exit %d, outputs %v\n%s", code, out, log)
	}
}

func TestWorkflowExample(t *testing.T) {
	root := repoRoot(t)
	data, err := os.ReadFile(filepath.Join(root, "testdata", "action", "workflow.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		Permissions map[string]string
		Jobs        map[string]struct {
			Steps []struct {
				Uses string
				With map[string]string
			}
		}
	}
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatal(err)
	}
	if wf.Permissions["security-events"] != "write" {
		t.Errorf("the workflow needs security-events: write to upload SARIF: %v", wf.Permissions)
	}
	a := loadAction(t)
	used := false
	for _, j := range wf.Jobs {
		for _, s := range j.Steps {
			// migrationhistory needs the history, which actions/checkout
			// fetches only when told to.
			if strings.HasPrefix(s.Uses, "actions/checkout@") && s.With["fetch-depth"] != "0" {
				t.Errorf("the workflow's checkout fetches fetch-depth %q, not the whole history (0)", s.With["fetch-depth"])
			}
			if !strings.HasPrefix(s.Uses, "dolint-dev/dolint@") {
				continue
			}
			used = true
			for k := range s.With {
				if _, ok := a.Inputs[k]; !ok {
					t.Errorf("the workflow passes %q, which action.yml does not take", k)
				}
			}
		}
	}
	if !used {
		t.Error("the workflow does not use the action")
	}
}
