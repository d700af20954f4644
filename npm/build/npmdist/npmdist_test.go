package npmdist

import (
	"errors"
	"github.com/dolint-dev/dolint/internal/npmtier"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestInstallOffline packs this machine's package and the dolint package,
// installs the two tarballs into a new project with the registry out of
// reach, and runs the installed dolint through npx, as a user would after
// npm i -D dolint.
func TestInstallOffline(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds dolint and runs npm")
	}
	// It needs no network, but node and npm, like the other npm tiers.
	npmtier.Require(t, "the npm package install test")
	host, err := Select("host")
	if err != nil {
		t.Skip(err)
	}
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..", "..")
	res, err := Build(Options{Version: "1.2.3-test.1", Out: t.TempDir(), Platforms: host, Pack: true, Root: root})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Tarballs) != 2 {
		t.Fatalf("tarballs %v, want the platform's and dolint's", res.Tarballs)
	}
	proj := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(proj, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(proj, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("package.json", `{"private": true, "scripts": {"lint": "dolint ./..."}}`)
	// A Worker whose bound class no migration creates.
	write("wrangler.jsonc", `{
  "name": "w",
  "main": "src/index.ts",
  "compatibility_date": "2025-09-01",
  "durable_objects": { "bindings": [{ "name": "ROOM", "class_name": "Room" }] }
}
`)
	write("src/index.ts", `import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {}
export default { fetch: () => new Response("ok") };
`)
	npm := func(args ...string) (string, error) {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = proj
		cmd.Env = append(os.Environ(),
			"npm_config_registry=http://127.0.0.1:9/", // nothing listens: offline for sure
			"npm_config_cache="+filepath.Join(proj, ".npm-cache"),
			"npm_config_update_notifier=false",
			"NO_COLOR=1",
		)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := npm(append([]string{"npm", "install", "--offline", "--no-audit", "--no-fund", "-D"}, res.Tarballs...)...); err != nil {
		t.Fatalf("npm install: %v\n%s", err, out)
	}
	out, err := npm("npx", "--offline", "dolint", "--version")
	if err != nil || out != "dolint 1.2.3-test.1\n" {
		t.Errorf("npx dolint --version = %q, %v", out, err)
	}
	out, err = npm("npm", "run", "--silent", "lint")
	var exit *exec.ExitError
	if !strings.Contains(out, "wrangler.jsonc:5:") || !strings.Contains(out, "(missingmigration)") {
		t.Errorf("npm run lint did not report the missing migration:\n%s", out)
	}
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Errorf("npm run lint: %v, want exit status 1", err)
	}
}
