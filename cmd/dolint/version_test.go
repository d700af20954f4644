package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionOf(t *testing.T) {
	info := func(v string) *debug.BuildInfo {
		return &debug.BuildInfo{Main: debug.Module{Path: "github.com/dolint-dev/dolint", Version: v}}
	}
	for _, c := range []struct {
		stamped string
		info    *debug.BuildInfo
		want    string
	}{
		{"v2.0.0", info("v1.2.3"), "2.0.0"},
		{"", info("v1.2.3"), "1.2.3"},
		{"", info("v0.0.0-20261206101500-0123456789ab"), "0.0.0-20261206101500-0123456789ab"},
		{"", info("(devel)"), "devel"},
		{"", info(""), "devel"},
		{"", nil, "devel"},
	} {
		if got := versionOf(c.stamped, c.info); got != c.want {
			t.Errorf("versionOf(%q, %v) = %q, want %q", c.stamped, c.info, got, c.want)
		}
	}
}

// TestVersionFromTaggedBuild builds dolint in a git checkout tagged v1.2.3,
// as go install ...@v1.2.3 builds the tagged module, and checks that the
// binary, unstamped, reports 1.2.3 on both spellings.
func TestVersionFromTaggedBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds dolint")
	}
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	root := repoRoot(t)
	files, err := exec.Command(git, "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "go.mod", "go.sum", "*.go", "*.js", "*.json", "*.md").Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	dir := t.TempDir()
	for _, f := range strings.Split(strings.TrimRight(string(files), "\x00"), "\x00") {
		data, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			continue // deleted in the work tree
		}
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{
		{"init", "-q"},
		{"add", "-A"},
		{"-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "release"},
		{"tag", "v1.2.3"},
	} {
		if out, err := exec.Command(git, append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	bin := filepath.Join(t.TempDir(), "dolint")
	build := exec.Command("go", "build", "-buildvcs=true", "-o", bin, "./cmd/dolint")
	build.Dir = dir
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOFLAGS=")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, arg := range []string{"--version", "version"} {
		out, err := exec.Command(bin, arg).Output()
		if err != nil || string(out) != "dolint 1.2.3\n" {
			t.Errorf("dolint %s = %q, %v; want dolint 1.2.3", arg, out, err)
		}
	}
}
