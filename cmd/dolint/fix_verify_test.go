package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/fix"
)

var summaryRE = regexp.MustCompile(`(?m)^(\d+) fix(?:es)? applied \((\d+) verified, (\d+) unverifiable\), (\d+) rejected`)

// On the bundled examples every fix is applied, and each is either
// verified in the sandbox or says why it could not be.
func TestFixVerifiesExamples(t *testing.T) {
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples"))
	before := contents(t, dir)
	_, stdout, stderr := dolint(t, dir, "fix", "--unsafe", "./...")
	m := summaryRE.FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("no summary line:\n%s%s", stdout, stderr)
	}
	n, _ := strconv.Atoi(m[1])
	v, _ := strconv.Atoi(m[2])
	u, _ := strconv.Atoi(m[3])
	r, _ := strconv.Atoi(m[4])
	if n == 0 || v == 0 || n != v+u || r != 0 {
		t.Errorf("summary %q: want fixes applied, some verified, all accounted for, none rejected\n%s", m[0], stdout)
	}
	fixed := 0
	for _, line := range strings.Split(stdout, "\n") {
		if !strings.Contains(line, ": fixed (") {
			continue
		}
		fixed++
		switch {
		case strings.Contains(line, "[verified: "):
		case regexp.MustCompile(`\[unverifiable: .{10,}\]$`).MatchString(line):
		default:
			t.Errorf("fix without a verdict or reason: %s", line)
		}
	}
	if fixed != n {
		t.Errorf("%d fix lines for %d fixes:\n%s", fixed, n, stdout)
	}
	after := contents(t, dir)
	changed := 0
	for f := range before {
		if before[f] != after[f] {
			changed++
		}
	}
	if changed == 0 {
		t.Errorf("no file was written:\n%s", stdout)
	}
	// The fixed examples are fixed: a second run applies nothing more.
	_, stdout, stderr = dolint(t, dir, "fix", "--unsafe", "./...")
	if m := summaryRE.FindStringSubmatch(stderr); m == nil || m[1] != "0" {
		t.Errorf("second run:\n%s%s", stdout, stderr)
	}
}

// Without --unsafe, a safe fix the sandbox cannot check is held back like
// an unsafe one, and says so.
func TestFixHoldsBackUnverifiableSafeFix(t *testing.T) {
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "counter"))
	_, stdout, stderr := dolint(t, dir, "fix")
	if !regexp.MustCompile(`(?m)^src/index.ts:\d+: not fixed \(alarmtime\): .*not verifiable \(.*needs RPC.*; apply it with --unsafe$`).MatchString(stdout) {
		t.Errorf("alarmtime fix not held back:\n%s%s", stdout, stderr)
	}
	// Held back once, though the rerun meets the fix again at other
	// offsets once the other fixes are applied.
	if n := strings.Count(stdout, "not fixed (alarmtime)"); n != 1 {
		t.Errorf("alarmtime held back %d times:\n%s", n, stdout)
	}
	if !regexp.MustCompile(`(?m)^src/index.ts:\d+: fixed \(supercall\): .*\[verified: construction\]$`).MatchString(stdout) {
		t.Errorf("supercall fix not verified:\n%s%s", stdout, stderr)
	}
	src, _ := os.ReadFile(filepath.Join(dir, "src", "index.ts"))
	if strings.Contains(string(src), "Date.now()") || !strings.Contains(string(src), "super(ctx, env)") {
		t.Errorf("written source:\n%s", src)
	}
	if !regexp.MustCompile(`unsafe fix(es)? held back \(use --unsafe\)`).MatchString(stderr) {
		t.Errorf("summary: %s", stderr)
	}
}

func TestFixNoVerify(t *testing.T) {
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "counter"))
	_, stdout, stderr := dolint(t, dir, "fix", "--unsafe", "--no-verify")
	if strings.Contains(stderr, "verified") || strings.Contains(stdout, "[verified") || !strings.Contains(stderr, "fixes applied") {
		t.Errorf("--no-verify still verified:\n%s%s", stdout, stderr)
	}
}

// The chat example with SQLite-backed rooms: wsaccept's unsafe fix moves
// the listeners into hibernation handlers, but the room still broadcasts
// to a Set of sockets kept in memory, which hibernation empties. The
// sandbox sees the second message go unanswered, so the fix is dropped
// and the others are still written.
func TestFixRejectsWebSocketFixThatLosesSessions(t *testing.T) {
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "chat"))
	cfg := filepath.Join(dir, "wrangler.jsonc")
	b, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, []byte(strings.Replace(string(b), `"new_classes"`, `"new_sqlite_classes"`, 1)), 0o644)
	_, stdout, stderr := dolint(t, dir, "fix", "--unsafe")
	if n := strings.Count(stdout, "not fixed (wsaccept)"); n != 1 || !strings.Contains(stdout, "verification failed (WebSocket across hibernation): after hibernation the reply to a second message is no reply") {
		t.Errorf("wsaccept rejected %d times:\n%s%s", n, stdout, stderr)
	}
	m := summaryRE.FindStringSubmatch(stderr)
	if m == nil || m[4] != "1" || m[1] == "0" {
		t.Errorf("summary: %s", stderr)
	}
	src, _ := os.ReadFile(filepath.Join(dir, "src", "index.ts"))
	if !strings.Contains(string(src), "server.accept()") || strings.Contains(string(src), "acceptWebSocket") {
		t.Errorf("the rejected fix was written:\n%s", src)
	}
}

func TestVerifyProgress(t *testing.T) {
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "todo"))
	p := &driver.Project{Dir: dir, Config: filepath.Join(dir, "wrangler.jsonc")}
	src := filepath.Join(dir, "src", "index.ts")
	cands := []fix.Candidate{
		{Applied: fix.Applied{Rule: "timers", File: src, Line: 10}, Project: p},
		{Applied: fix.Applied{Rule: "timers", File: src, Line: 11}, Project: p},
		{Applied: fix.Applied{Rule: "timers", File: src, Line: 12}},
	}
	for _, progress := range []bool{false, true} {
		var buf bytes.Buffer
		vs, err := verifier(&buf, progress)(nil, cands)
		if err != nil || len(vs) != 3 {
			t.Fatalf("verdicts %v, %v", vs, err)
		}
		if vs[0].Status != fix.Unverifiable || !strings.Contains(vs[0].Reason, "no sandbox check fits timers") || !strings.Contains(vs[2].Reason, "no project") {
			t.Errorf("verdicts %+v", vs)
		}
		want := ""
		if progress {
			want = "\rverifying 1/3…\rverifying 2/3…\r\033[K"
		}
		if buf.String() != want {
			t.Errorf("progress %v: stderr %q, want %q", progress, buf.String(), want)
		}
	}
}

// The README's demo of verified fixes is the real output of the command it
// shows.
func TestReadmeVerifiedFixesDemo(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	dst := filepath.Join(root, "examples", "counter")
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(copyDir(t, filepath.Join(repoRoot(t), "examples", "counter")), dst); err != nil {
		t.Fatal(err)
	}
	_, stdout, stderr := dolint(t, root, "fix", "--unsafe", "./examples/counter")
	block := "```text\n$ dolint fix --unsafe ./examples/counter\n" + stdout + stderr + "```\n"
	if !strings.Contains(string(readme), block) {
		t.Errorf("README.md's verified-fixes demo is out of date; the command now prints:\n%s", block)
	}
}
