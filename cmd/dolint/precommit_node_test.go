package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/internal/npmtier"
	"github.com/dolint-dev/dolint/npm/build/npmdist"
	"gopkg.in/yaml.v3"
)

// nodeHook is the dolint-node hook, checked to be the golang hook's twin
// but for how dolint is installed.
func nodeHook(t *testing.T) (hook, string) {
	t.Helper()
	hooks := loadHooks(t)
	var golang, node *hook
	for i := range hooks {
		switch hooks[i].ID {
		case "dolint":
			golang = &hooks[i]
		case "dolint-node":
			node = &hooks[i]
		}
	}
	if golang == nil || node == nil {
		t.Fatalf("hooks %+v: want dolint and dolint-node", hooks)
	}
	if node.Language != "node" || node.Entry != "dolint" || node.Files != golang.Files ||
		node.PassFilenames == nil || !*node.PassFilenames || node.RequireSerial != golang.RequireSerial {
		t.Errorf("dolint-node %+v differs from dolint %+v in more than its language", *node, *golang)
	}
	if len(node.AdditionalDependencies) != 1 {
		t.Fatalf("dolint-node installs %v, want the dolint package alone", node.AdditionalDependencies)
	}
	m := regexp.MustCompile(`^dolint@(\d+\.\d+\.\d+)$`).FindStringSubmatch(node.AdditionalDependencies[0])
	if m == nil {
		t.Fatalf("dolint-node installs %q, want dolint@X.Y.Z, one release", node.AdditionalDependencies[0])
	}
	return *node, m[1]
}

func TestPreCommitNodeHookManifest(t *testing.T) {
	_, version := nodeHook(t)
	// The release the hook installs is the one the README's snippet names
	// as rev: a clone at that tag runs that release's binary.
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "testdata", "precommit", "pre-commit-config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct{ Repos []struct{ Rev string } }
	if err := yaml.Unmarshal(data, &cfg); err != nil || len(cfg.Repos) != 1 {
		t.Fatalf("%v %+v", err, cfg)
	}
	if rev := strings.TrimPrefix(cfg.Repos[0].Rev, "v"); rev != version {
		t.Errorf("dolint-node installs dolint@%s, but the snippet's rev is %s", version, cfg.Repos[0].Rev)
	}
	// pre-commit's node language installs the hook's repository as a
	// package first, so the root needs a package.json; it must not be
	// publishable by mistake, nor claim the dolint command.
	var pkg map[string]any
	data, err = os.ReadFile(filepath.Join(repoRoot(t), "package.json"))
	if err == nil {
		err = json.Unmarshal(data, &pkg)
	}
	if err != nil {
		t.Fatalf("package.json: %v", err)
	}
	if pkg["private"] != true || pkg["name"] == "dolint" || pkg["bin"] != nil || pkg["dependencies"] != nil {
		t.Errorf("package.json %v: want a private package without bin or dependencies", pkg)
	}
}

// TestPreCommitNodeHookInstall installs the dolint-node hook the way
// pre-commit's node language does (npm pack of the repository, then npm
// install -g of that tarball and the additional dependencies into the
// hook's own prefix), offline, with the dolint packages built from this
// tree at the pinned version, and runs the hook's entry on changed files.
func TestPreCommitNodeHookInstall(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds dolint's npm packages")
	}
	npmtier.Require(t, "the dolint-node hook install test")
	h, version := nodeHook(t)
	plats, err := npmdist.Select("host")
	if err != nil {
		t.Skip(err)
	}
	root := repoRoot(t)
	res, err := npmdist.Build(npmdist.Options{Version: version, Out: t.TempDir(), Platforms: plats, Pack: true, Root: root})
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	npm := func(dir string, args ...string) string {
		t.Helper()
		cmd := exec.Command("npm", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(),
			"npm_config_registry=http://127.0.0.1:9/", // nothing listens: offline for sure
			"npm_config_cache="+filepath.Join(work, "cache"),
			"npm_config_update_notifier=false")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("npm %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	// The repository as pre-commit clones it: only its package.json
	// matters to npm pack.
	clone := filepath.Join(work, "clone")
	data, err := os.ReadFile(filepath.Join(root, "package.json"))
	if err != nil {
		t.Fatal(err)
	}
	writeTree(t, clone, "package.json", string(data))
	lines := strings.Fields(npm(clone, "pack", "--silent"))
	repoPkg := filepath.Join(clone, lines[len(lines)-1])
	env := filepath.Join(work, "env")
	// additional_dependencies: dolint@VERSION, here its tarballs.
	npm(work, append([]string{"install", "-g", "--prefix", env, "--offline", "--no-audit", "--no-fund", repoPkg}, res.Tarballs...)...)

	sample := t.TempDir()
	writeTree(t, sample,
		"bad/wrangler.jsonc", badConfig, "bad/src/index.ts", badSource,
		"good/wrangler.jsonc", goodConfig, "good/src/index.ts", goodWorker,
		"README.md", "# sample\n")
	hookRun := func(files ...string) (int, string) {
		cmd := exec.Command(filepath.Join(env, "bin", h.Entry), files...)
		cmd.Dir = sample
		cmd.Env = append(os.Environ(), "GITHUB_ACTIONS=", "NO_COLOR=1")
		out, _ := cmd.CombinedOutput()
		return cmd.ProcessState.ExitCode(), string(out)
	}
	code, out := hookRun("bad/src/index.ts", "README.md")
	if code != 1 || !strings.Contains(out, "bad/wrangler.jsonc:") || !strings.Contains(out, "(missingmigration)") {
		t.Errorf("the installed hook on a bad Worker: exit %d, want 1 with its findings:\n%s", code, out)
	}
	if strings.Contains(out, "good/") {
		t.Errorf("a file in bad/ linted good/ too:\n%s", out)
	}
	if code, out := hookRun("good/src/index.ts", "good/wrangler.jsonc"); code != 0 {
		t.Errorf("the installed hook on a good Worker: exit %d:\n%s", code, out)
	}
}

// pre-commit itself accepts the manifest, both hooks and their keys.
func TestPreCommitValidatesManifest(t *testing.T) {
	preCommit, err := exec.LookPath("pre-commit")
	if err != nil {
		t.Skip("pre-commit is not installed (Debian: apt-get install pre-commit); .ci/run installs it")
	}
	cmd := exec.Command(preCommit, "validate-manifest", filepath.Join(repoRoot(t), ".pre-commit-hooks.yaml"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("pre-commit validate-manifest: %v\n%s", err, out)
	}
}
