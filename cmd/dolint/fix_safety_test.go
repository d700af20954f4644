package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/internal/fix"
)

// A main that points out of the repository makes the unexportedclass fix
// an edit of a file outside it: refused, and said so.
func TestFixStaysInsideRepository(t *testing.T) {
	top := t.TempDir()
	dir := filepath.Join(top, "repo")
	outside := filepath.Join(top, "elsewhere", "index.ts")
	src := strings.Replace(badSource, "export class A", "class A", 1)
	writeTree(t, top,
		"repo/.git/HEAD", "ref: refs/heads/main\n",
		"repo/one/wrangler.jsonc", strings.Replace(badConfig, `"src/index.ts"`, `"../../elsewhere/index.ts"`, 1),
		"elsewhere/index.ts", src,
	)
	_, stdout, stderr := dolint(t, dir, "fix", "--no-verify", "--rule", "unexportedclass", "one")
	if b, _ := os.ReadFile(outside); string(b) != src {
		t.Errorf("a file outside the repository was edited:\n%s", b)
	}
	if !strings.Contains(stdout, "not fixed (unexportedclass)") || !strings.Contains(stdout, "outside "+dir) {
		t.Errorf("the refusal is not reported:\n%s%s", stdout, stderr)
	}
}

// A config reached through a symbolic link is fixed in its target, and the
// link stays a link.
func TestFixWritesThroughSymlinkedConfig(t *testing.T) {
	dir := repo(t)
	real := filepath.Join(dir, "configs", "one.jsonc")
	link := filepath.Join(dir, "one", "wrangler.jsonc")
	writeTree(t, dir, "configs/one.jsonc", badConfig)
	if err := os.Remove(link); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("..", "configs", "one.jsonc"), link); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := dolint(t, dir, "fix", "--no-verify", "one")
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the symbolic link was replaced: %v", err)
	}
	if b, _ := os.ReadFile(real); !strings.Contains(string(b), `"new_sqlite_classes": ["B"]`) {
		t.Errorf("exit %d; the target was not fixed:\n%s\n%s%s", code, b, stdout, stderr)
	}
}

// A journal left by a run killed among its renames is completed by the
// next dolint fix, which says so before it lints.
func TestFixCompletesInterruptedRun(t *testing.T) {
	dir := repo(t)
	cfg := filepath.Join(dir, "one", "wrangler.jsonc")
	fixed := strings.Replace(badConfig, `"new_classes": ["A"] }]`, `"new_classes": ["A"] }, { "tag": "v2", "new_sqlite_classes": ["B"] }]`, 1)
	tmp := filepath.Join(dir, "one", ".wrangler.jsonc.dolint-12345")
	writeTree(t, dir, "one/.wrangler.jsonc.dolint-12345", fixed)
	// A process that has exited: the interrupted run.
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("no true(1) to stand for an exited process")
	}
	journal, _ := json.Marshal(map[string]any{
		"committed": true,
		"pid":       cmd.Process.Pid,
		"files":     []map[string]string{{"dst": cfg, "tmp": tmp, "old": sha(badConfig), "new": sha(fixed)}},
	})
	writeTree(t, dir, fix.JournalName, string(journal))
	_, stdout, stderr := dolint(t, dir, "fix", "--no-verify", "--rule", "kvbackend", "one")
	if !strings.Contains(stderr, "completed an interrupted dolint fix: 1 more file written") {
		t.Errorf("recovery not reported:\n%s%s", stdout, stderr)
	}
	if b, _ := os.ReadFile(cfg); string(b) != fixed {
		t.Errorf("the interrupted fix was not completed:\n%s", b)
	}
	for _, p := range []string{tmp, filepath.Join(dir, fix.JournalName)} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s left behind", p)
		}
	}
}

func sha(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}
