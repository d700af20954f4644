package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/npm/build/npmdist"
)

// TestActionInstall runs the action's install steps as the runner would,
// with npm and curl replaced by stand-ins that serve the host platform's
// real npm package tarball, built from this tree: the version is resolved,
// the binary comes out of the tarball, and it runs.
func TestActionInstall(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds dolint's npm package")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not installed")
	}
	if _, err := exec.LookPath("npm"); err != nil {
		t.Skip("npm is not installed; it packs the tarball the action downloads")
	}
	if _, err := exec.LookPath("tar"); err != nil {
		t.Skip("tar is not installed")
	}
	plats, err := npmdist.Select("host")
	if err != nil {
		t.Skip(err)
	}
	plat := plats[0]
	runnerOS := map[string]string{"linux": "Linux", "darwin": "macOS", "win32": "Windows"}[plat.OS]
	runnerArch := map[string]string{"x64": "X64", "arm64": "ARM64"}[plat.CPU]
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in npm and curl are shell scripts")
	}
	const version = "9.8.7"
	res, err := npmdist.Build(npmdist.Options{Version: version, Out: t.TempDir(), Platforms: plats, Pack: true, Root: repoRoot(t)})
	if err != nil {
		t.Fatal(err)
	}
	var tarball string
	for _, tb := range res.Tarballs {
		if strings.Contains(filepath.Base(tb), plat.OS+"-"+plat.CPU) {
			tarball = tb
		}
	}
	if tarball == "" {
		t.Fatalf("no platform tarball among %v", res.Tarballs)
	}

	a := loadAction(t)
	step := func(name string) string {
		for _, s := range a.Runs.Steps {
			if s.Name == name {
				return s.Run
			}
		}
		t.Fatalf("no step %q", name)
		return ""
	}
	// npm view answers with two releases of a major; npm pack copies the
	// tarball (or fails, with NPM_FAILS); curl copies it to -o. Each logs
	// its arguments.
	fakes := t.TempDir()
	log := filepath.Join(t.TempDir(), "calls")
	writeExec := func(name, script string) {
		if err := os.WriteFile(filepath.Join(fakes, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeExec("npm", `#!/bin/sh
echo "npm $*" >> "$CALLS"
case "$1" in
view) echo '["9.8.6", "9.8.7"]' ;;
pack)
	[ -n "$NPM_FAILS" ] && exit 1
	while [ "$#" -gt 0 ]; do
		[ "$1" = --pack-destination ] && dest="$2"
		shift
	done
	cp "$TARBALL" "$dest/" && basename "$TARBALL" ;;
*) exit 1 ;;
esac
`)
	writeExec("curl", `#!/bin/sh
echo "curl $*" >> "$CALLS"
while [ "$#" -gt 0 ]; do
	[ "$1" = -o ] && out="$2"
	shift
done
cp "$TARBALL" "$out"
`)
	runStep := func(script string, env ...string) (int, map[string]string, string) {
		t.Helper()
		outFile := filepath.Join(t.TempDir(), "output")
		pathFile := filepath.Join(t.TempDir(), "path")
		cmd := exec.Command(bash, "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
		cmd.Dir = t.TempDir()
		cmd.Env = append(os.Environ(), "PATH="+fakes+string(os.PathListSeparator)+os.Getenv("PATH"),
			"GITHUB_OUTPUT="+outFile, "GITHUB_PATH="+pathFile, "CALLS="+log, "TARBALL="+tarball)
		cmd.Env = append(cmd.Env, env...)
		out, _ := cmd.CombinedOutput()
		outputs := map[string]string{}
		data, _ := os.ReadFile(outFile)
		for _, line := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(line, "="); ok {
				outputs[k] = v
			}
		}
		if p, err := os.ReadFile(pathFile); err == nil {
			outputs["PATH"] = strings.TrimSpace(string(p))
		}
		return cmd.ProcessState.ExitCode(), outputs, string(out)
	}
	calls := func() string {
		data, _ := os.ReadFile(log)
		os.Remove(log)
		return string(data)
	}

	resolve := step("Resolve dolint version")
	cache := t.TempDir()
	for _, c := range []struct {
		version, ref, want, npm string
	}{
		{"", "v9", version, "npm view dolint@9 version --json\n"},
		{"v9.8.6", "v9", "9.8.6", ""},
		{"9.8.7", "", version, ""},
		// A branch of the action is not a release: the newest one.
		{"", "main", version, "npm view dolint@latest version --json\n"},
		{"latest", "", version, "npm view dolint@latest version --json\n"},
	} {
		code, out, stdout := runStep(resolve, "VERSION="+c.version, "ACTION_REF="+c.ref, "OS="+runnerOS, "ARCH="+runnerArch, "RUNNER_TOOL_CACHE="+cache)
		wantDir := filepath.Join(cache, "dolint", c.want, plat.OS+"-"+plat.CPU)
		if code != 0 || out["version"] != c.want || out["platform"] != plat.OS+"-"+plat.CPU || out["dir"] != wantDir {
			t.Errorf("version %q, ref %q: exit %d, outputs %v, want version %s in %s\n%s", c.version, c.ref, code, out, c.want, wantDir, stdout)
		}
		if got := calls(); got != c.npm {
			t.Errorf("version %q, ref %q: calls %q, want %q", c.version, c.ref, got, c.npm)
		}
	}
	if code, _, stdout := runStep(resolve, "VERSION=1.0.0", "OS=FreeBSD", "ARCH=X64"); code == 0 || !strings.Contains(stdout, "no dolint binary for runner OS FreeBSD") {
		t.Errorf("an unknown runner OS: exit %d\n%s", code, stdout)
	}

	install, addPath := step("Install dolint"), step("Add dolint to PATH")
	platform := plat.OS + "-" + plat.CPU
	for _, c := range []struct {
		name, fails, calls string
	}{
		{"npm", "", "npm pack @dolint/" + platform + "@" + version + " --silent --pack-destination "},
		// Without a working npm, the registry's URL of the same tarball.
		{"curl", "1", "curl -fsSL --retry 3 -o "},
	} {
		dir := filepath.Join(t.TempDir(), "dolint", version, platform)
		code, _, stdout := runStep(install, "VERSION="+version, "PLATFORM="+platform, "DIR="+dir, "NPM_FAILS="+c.fails)
		got := calls()
		if code != 0 || !strings.Contains(got, c.calls) {
			t.Errorf("%s: exit %d, calls %q, want %q\n%s", c.name, code, got, c.calls, stdout)
		}
		if c.name == "curl" && !strings.Contains(got, "https://registry.npmjs.org/@dolint/"+platform+"/-/"+platform+"-"+version+".tgz") {
			t.Errorf("curl fetched another URL: %q", got)
		}
		code, out, stdout := runStep(addPath, "DIR="+dir)
		if code != 0 || out["PATH"] != dir || !strings.Contains(stdout, "dolint "+version+"\n") {
			t.Errorf("%s: the installed dolint does not run: exit %d, outputs %v\n%s", c.name, code, out, stdout)
		}
	}
}
