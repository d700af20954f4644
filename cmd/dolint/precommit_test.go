package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

type hook struct {
	ID            string `yaml:"id"`
	Entry         string `yaml:"entry"`
	Language      string `yaml:"language"`
	Files         string `yaml:"files"`
	PassFilenames *bool  `yaml:"pass_filenames"`
	RequireSerial bool   `yaml:"require_serial"`

	AdditionalDependencies []string `yaml:"additional_dependencies"`
}

func loadHooks(t *testing.T) []hook {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []hook
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatal(err)
	}
	return hooks
}

func TestPreCommitManifest(t *testing.T) {
	hooks := loadHooks(t)
	if len(hooks) != 2 {
		t.Fatalf("%d hooks, want 2", len(hooks))
	}
	h := hooks[0]
	if h.ID != "dolint" || h.Entry != "dolint" || h.Language != "golang" || h.PassFilenames == nil || !*h.PassFilenames || !h.RequireSerial {
		t.Errorf("hook %+v", h)
	}
	files := regexp.MustCompile(h.Files)
	for _, name := range []string{"src/index.ts", "a.tsx", "a.mts", "a.cts", "a.js", "a.jsx", "a.mjs", "a.cjs", "wrangler.jsonc", "wrangler.json", "wrangler.toml", "package.json"} {
		if !files.MatchString(name) {
			t.Errorf("files does not match %s", name)
		}
	}
	for _, name := range []string{"README.md", "a.tsbuildinfo", "ts", "a.go", "style.css"} {
		if files.MatchString(name) {
			t.Errorf("files matches %s", name)
		}
	}

	// The README's snippet names this hook of this repository.
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "testdata", "precommit", "pre-commit-config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Repos []struct {
			Repo  string
			Rev   string
			Hooks []struct{ ID string }
		}
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	if len(cfg.Repos) != 1 || cfg.Repos[0].Repo != "https://github.com/dolint-dev/dolint" || cfg.Repos[0].Rev == "" ||
		len(cfg.Repos[0].Hooks) != 1 || cfg.Repos[0].Hooks[0].ID != h.ID {
		t.Errorf("snippet %+v does not use the dolint hook", cfg)
	}
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"GIT_AUTHOR_NAME=dolint test", "GIT_AUTHOR_EMAIL=test@example.com",
		"GIT_COMMITTER_NAME=dolint test", "GIT_COMMITTER_EMAIL=test@example.com",
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// snapshot copies the source tree as it is (committed, changed and new
// files that git does not ignore) into a fresh repository with one commit,
// which is what pre-commit clones. try-repo on the tree itself would take
// HEAD plus changes to tracked files only.
func snapshot(t *testing.T, src string) string {
	t.Helper()
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = src
	list, err := cmd.Output()
	if err != nil {
		t.Skipf("the source tree is not a git repository, which pre-commit needs: %v", err)
	}
	dst := t.TempDir()
	n := 0
	for _, name := range strings.Split(string(list), "\x00") {
		if name == "" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			continue // deleted in the working tree
		}
		writeTree(t, dst, name, string(data))
		n++
	}
	if _, err := os.Stat(filepath.Join(dst, ".pre-commit-hooks.yaml")); err != nil {
		t.Fatalf("snapshot of %d files has no .pre-commit-hooks.yaml", n)
	}
	git(t, dst, "init", "-q")
	git(t, dst, "add", ".")
	git(t, dst, "commit", "-q", "-m", "snapshot")
	return dst
}

// TestPreCommitHook installs the hook with the real pre-commit (which
// builds dolint with `go install ./...` from this repository, as it would
// from a clone) and runs it on a sample repository's changed files.
func TestPreCommitHook(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the hook's Go environment; skipped with -short")
	}
	preCommit, err := exec.LookPath("pre-commit")
	if err != nil {
		t.Skip("pre-commit is not installed (Debian: apt-get install pre-commit); .ci/run installs it")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	root := snapshot(t, repoRoot(t))
	sample := t.TempDir()
	git(t, sample, "init", "-q")
	writeTree(t, sample,
		"bad/wrangler.jsonc", badConfig,
		"bad/src/index.ts", badSource,
		"good/wrangler.jsonc", `{
  "name": "good",
  "main": "src/index.ts",
  "compatibility_date": "2025-09-01",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }]
}
`,
		"good/src/index.ts", `import { DurableObject } from "cloudflare:workers";

export class Counter extends DurableObject {
  async increment(): Promise<number> {
    const value = ((await this.ctx.storage.get<number>("value")) ?? 0) + 1;
    await this.ctx.storage.put("value", value);
    return value;
  }
}

export default {
  async fetch(request: Request, env: { COUNTER: DurableObjectNamespace<Counter> }): Promise<Response> {
    const stub = env.COUNTER.get(env.COUNTER.idFromName("global"));
    return new Response(String(await stub.increment()));
  },
};
`,
		"README.md", "# sample\n",
	)
	git(t, sample, "add", ".")
	git(t, sample, "commit", "-q", "-m", "sample")

	gomodcache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	tryRepo := func(files ...string) (int, string) {
		args := append([]string{"try-repo", root, "dolint", "--verbose", "--files"}, files...)
		cmd := exec.Command(preCommit, args...)
		cmd.Dir = sample
		cmd.Env = append(os.Environ(),
			"PRE_COMMIT_HOME="+t.TempDir(),
			// Reuse the modules this build already has instead of fetching
			// them again into the hook's fresh GOPATH.
			"GOMODCACHE="+strings.TrimSpace(string(gomodcache)),
			"GITHUB_ACTIONS=", "NO_COLOR=1",
			"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		out, _ := cmd.CombinedOutput()
		return cmd.ProcessState.ExitCode(), string(out)
	}

	code, out := tryRepo("bad/src/index.ts", "README.md")
	if code == 0 || !strings.Contains(out, "Failed") || !strings.Contains(out, "bad/wrangler.jsonc:") || !strings.Contains(out, "(missingmigration)") {
		t.Errorf("bad Worker: exit %d, want a failure with dolint's findings:\n%s", code, out)
	}
	if strings.Contains(out, "good/") {
		t.Errorf("a file in bad/ linted good/ too:\n%s", out)
	}
	code, out = tryRepo("good/src/index.ts", "good/wrangler.jsonc", "README.md")
	if code != 0 || !strings.Contains(out, "Passed") {
		t.Errorf("good Worker: exit %d, want it to pass:\n%s", code, out)
	}

	// A staged edit of a committed migration step fails the commit:
	// the hook lints the staged file against HEAD's history.
	cfg := filepath.Join(sample, "good", "wrangler.jsonc")
	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(data), `"new_sqlite_classes": ["Counter"]`, `"new_classes": ["Counter"]`, 1)
	if err := os.WriteFile(cfg, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, sample, "add", "good/wrangler.jsonc")
	code, out = tryRepo("good/wrangler.jsonc")
	if code == 0 || !strings.Contains(out, "good/wrangler.jsonc:6:") || !strings.Contains(out, `migration "v1" differs from its form in commit`) || !strings.Contains(out, "(migrationhistory)") {
		t.Errorf("staged migration edit: exit %d, want a failure with migrationhistory's finding:\n%s", code, out)
	}
}
