// Package vscode holds the test that builds the VS Code extension; the
// extension itself is TypeScript.
package vscode

import (
	"archive/zip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/internal/npmtier"
)

// TestPackage installs the extension's pinned packages, compiles it, runs
// its unit tests and packages a .vsix with the registry out of reach, as a
// release would after npm ci.
func TestPackage(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: installs npm packages")
	}
	npmtier.Require(t, "the VS Code extension package test")
	dir := t.TempDir()
	for _, name := range []string{"package.json", "package-lock.json", "tsconfig.json", ".vscodeignore", "README.md", "src"} {
		copyTree(t, name, filepath.Join(dir, name))
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = t.TempDir()
	}
	run := func(offline bool, args ...string) string {
		t.Helper()
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(),
			"npm_config_cache="+filepath.Join(cache, "dolint", "npm-cache"),
			"npm_config_update_notifier=false",
			"npm_config_audit=false",
			"npm_config_fund=false",
			"NO_COLOR=1",
		)
		if offline {
			// Nothing listens there: packaging must need nothing more.
			cmd.Env = append(cmd.Env, "npm_config_registry=http://127.0.0.1:9/", "npm_config_offline=true")
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	// The lock file pins every package; install scripts are not needed to
	// build or package.
	run(false, "npm", "ci", "--ignore-scripts")
	run(true, "npm", "run", "compile")
	run(true, "node", "--test", "out/")
	vsix := filepath.Join(dir, "dolint.vsix")
	run(true, "npx", "--offline", "vsce", "package", "--skip-license", "-o", vsix)

	zr, err := zip.OpenReader(vsix)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	files := map[string]bool{}
	for _, f := range zr.File {
		files[f.Name] = true
	}
	for _, want := range []string{
		"extension/package.json",
		"extension/out/extension.js",
		"extension/out/find.js",
		"extension/node_modules/vscode-languageclient/package.json",
		"extension.vsixmanifest",
	} {
		if !files[want] {
			t.Errorf("the .vsix lacks %s", want)
		}
	}
	for name := range files {
		if strings.HasPrefix(name, "extension/src/") || strings.HasPrefix(name, "extension/node_modules/@vscode/vsce/") || strings.HasPrefix(name, "extension/node_modules/typescript/") || strings.HasSuffix(name, ".test.js") {
			t.Errorf("the .vsix holds %s, which only building needs", name)
		}
	}
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.Walk(src, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if fi.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
