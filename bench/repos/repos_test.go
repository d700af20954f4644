package main

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/dolint-dev/dolint/bench/internal/judged"
)

// TestRepos lints every pinned repository with the dolint CLI and requires:
// no run ends in exit code 2 or a panic, every finding is judged in
// findings.txt, every judged finding is still reported, and the precision
// TRUE/(TRUE+FALSE) of error and warning findings is at least 95%. It skips
// where the cache does not hold every pin (CI has neither the network nor
// the cache); `go run ./bench/repos -fetch` fills it.
func TestRepos(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the public-repository tier lints every pinned repository")
	}
	dir, err := Dir()
	if err != nil {
		t.Skip(err)
	}
	pins := Pins()
	if miss := Missing(dir, pins); len(miss) > 0 {
		t.Skipf("%d of %d pinned repositories are not in %s (first: %s); fetch them with: go run ./bench/repos -fetch [-mirror DIR]", len(miss), len(pins), dir, miss[0].Repo)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	dolint, err := judged.BuildDolint(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	findings, failures := Lint(ctx, dolint, dir, pins)
	src, err := os.ReadFile("findings.txt")
	if err != nil {
		t.Fatal(err)
	}
	table, err := ParseTable(src)
	if err != nil {
		t.Fatalf("findings.txt: %v", err)
	}
	r := Evaluate(findings, failures, table)
	t.Logf("%d repositories, %d findings; error and warning findings by rule:\n%s", len(pins), len(findings), PrecisionReport(r.PerRule, r.All))
	for _, p := range r.Problems("findings.txt") {
		t.Error(p)
	}
	if t.Failed() {
		t.Log("after judging, rewrite the table with: go run ./bench/repos -update (from the repository root), then judge the TODO lines")
	}
}

func TestParsePins(t *testing.T) {
	got, err := ParsePins([]byte("# c\n\nowner/name 0123456789abcdef0123456789abcdef01234567\n"))
	if err != nil || len(got) != 1 || got[0].Repo != "owner/name" || got[0].DirName() != "owner+name" {
		t.Fatalf("ParsePins = %+v, %v", got, err)
	}
	for _, bad := range []string{
		"owner/name\n",
		"owner/name 0123\n",
		"../x 0123456789abcdef0123456789abcdef01234567\n",
		"a/b 0123456789abcdef0123456789abcdef01234567\nA/b 0123456789abcdef0123456789abcdef01234567\n",
	} {
		if _, err := ParsePins([]byte(bad)); err == nil {
			t.Errorf("ParsePins(%q) accepted a malformed list", bad)
		}
	}
	if len(Pins()) < 40 {
		t.Errorf("pins.txt has %d repositories, want at least 40", len(Pins()))
	}
}

func TestParseTable(t *testing.T) {
	src := []byte(`# comment

a/b | kvbackend | warning | wrangler.toml:3 | "class A is \"created\"" | TRUE: because
a/b | timers | warning | src/x.ts:9 | "setInterval" | FALSE: it is cleared
a/b | mainmissing | info | wrangler.toml:2 | "main" | TODO: judge
`)
	got, err := ParseTable(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("got %d lines, want 3", len(got))
	}
	e := got[0]
	if e.Repo != "a/b" || e.Rule != "kvbackend" || e.Severity != "warning" || e.File != "wrangler.toml" || e.Line != 3 ||
		e.Message != `class A is "created"` || e.Verdict != True || e.Reason != "because" || e.At != 3 {
		t.Errorf("first line = %+v", e)
	}
	if !got[0].Reviewed() || !got[1].Reviewed() || got[2].Reviewed() {
		t.Errorf("Reviewed() = %v, %v, %v; want true, true, false", got[0].Reviewed(), got[1].Reviewed(), got[2].Reviewed())
	}
	for _, bad := range []string{
		"a | b | c | d | e\n",
		`a | b | warning | file | "m" | TRUE: x` + "\n",
		"a | b | warning | f:1 | unquoted | TRUE: x\n",
		`a | b | warning | f:1 | "m" | MAYBE: x` + "\n",
	} {
		if _, err := ParseTable([]byte(bad)); err == nil {
			t.Errorf("ParseTable(%q) accepted a malformed line", bad)
		}
	}
}

func TestEvaluate(t *testing.T) {
	f := func(rule, sev string, line int, msg string) Finding {
		return Finding{Repo: "a/b", Rule: rule, Severity: sev, File: "f.ts", Line: line, Message: msg}
	}
	j := func(fd Finding, verdict string) Judged { return Judged{Finding: fd, Verdict: verdict, Reason: "r"} }
	table := []Judged{
		j(f("timers", "warning", 1, "setInterval"), True),
		j(f("timers", "warning", 2, "setInterval"), False),
		j(f("sqlonkv", "error", 3, "class A"), True),
		j(f("sqlonkv", "error", 3, "class A uses"), Debatable), // longer prefix wins
		j(f("mainmissing", "info", 4, "main"), False),          // info: not counted
		j(f("kvbackend", "warning", 5, "gone"), True),
	}
	findings := []Finding{
		f("timers", "warning", 1, "setInterval never cleared"),
		f("timers", "warning", 2, "setInterval never cleared"),
		f("sqlonkv", "error", 3, "class A uses sql"),
		f("sqlonkv", "error", 3, "class A is KV"),
		f("mainmissing", "info", 4, "main is missing"),
		f("timers", "error", 1, "setInterval never cleared"), // severity changed: unjudged
	}
	r := Evaluate(findings, nil, table)
	if len(r.Unjudged) != 1 || r.Unjudged[0].Severity != "error" {
		t.Errorf("Unjudged = %+v", r.Unjudged)
	}
	if len(r.Gone) != 1 || r.Gone[0].Rule != "kvbackend" {
		t.Errorf("Gone = %+v", r.Gone)
	}
	if r.All != (Tally{True: 2, False: 1, Debatable: 1}) {
		t.Errorf("All = %+v", r.All)
	}
	if got := r.PerRule["timers"]; got == nil || *got != (Tally{True: 1, False: 1}) {
		t.Errorf("timers = %+v", got)
	}
	if p := r.All.Precision(); p < 0.66 || p > 0.67 {
		t.Errorf("precision = %v, want 2/3", p)
	}
	probs := r.Problems("findings.txt")
	want := []string{"unjudged finding", "no longer reported", "precision 66.67%"}
	for _, w := range want {
		found := false
		for _, p := range probs {
			found = found || strings.Contains(p, w)
		}
		if !found {
			t.Errorf("Problems() = %q, want one containing %q", probs, w)
		}
	}
	if r := Evaluate(findings[:5], []Failure{{"a/b", "exit status 2"}}, table[:5]); len(r.Problems("t")) != 2 {
		t.Errorf("a failure and low precision should be the only problems: %q", r.Problems("t"))
	}
}

func TestFormatTableKeepsVerdicts(t *testing.T) {
	old := []Judged{{Finding: Finding{Repo: "a/b", Rule: "r", Severity: "warning", File: "f", Line: 1, Message: "short"}, Verdict: False, Reason: "kept"}}
	findings := []Finding{
		{Repo: "a/b", Rule: "r", Severity: "warning", File: "f", Line: 1, Message: "short and then more"},
		{Repo: "a/b", Rule: "r", Severity: "warning", File: "f", Line: 2, Message: strings.Repeat("x", 100)},
	}
	back, err := ParseTable(FormatTable(findings, old))
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != 2 || back[0].Verdict != False || back[0].Reason != "kept" || back[0].Message != "short" ||
		back[1].Reviewed() || len(back[1].Message) != prefixLen {
		t.Errorf("round trip = %+v", back)
	}
}

func TestExtract(t *testing.T) {
	if _, err := git(context.Background(), "--version"); err != nil {
		t.Skip("git is not installed")
	}
	ctx := context.Background()
	work := t.TempDir()
	run := func(args ...string) string {
		t.Helper()
		out, err := git(ctx, append([]string{"-C", work, "-c", "user.name=t", "-c", "user.email=t@t"}, args...)...)
		if err != nil {
			t.Fatalf("git %v: %v %s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	run("init", "-q")
	if err := os.MkdirAll(work+"/src", 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(work+"/wrangler.toml", []byte("name = \"x\"\n"), 0o644)
	os.WriteFile(work+"/src/index.ts", []byte("export default {}\n"), 0o644)
	os.Symlink("../wrangler.toml", work+"/src/link")
	os.Symlink("../../outside", work+"/src/escape")
	run("add", "-A")
	run("commit", "-q", "-m", "x")
	commit := run("rev-parse", "HEAD")
	mirror := t.TempDir()
	if err := os.Rename(work+"/.git", mirror+"/repo"); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(mirror+"/o+n", 0o755)
	os.Rename(mirror+"/repo", mirror+"/o+n/repo")
	cache := t.TempDir()
	p := Pin{Repo: "o/n", Commit: commit}
	if err := Ensure(ctx, cache, mirror, []Pin{p}, nil); err != nil {
		t.Fatal(err)
	}
	if !Materialised(cache, p) {
		t.Fatal("not materialised")
	}
	if b, err := os.ReadFile(cache + "/o+n/src/index.ts"); err != nil || string(b) != "export default {}\n" {
		t.Errorf("src/index.ts = %q, %v", b, err)
	}
	if b, err := os.ReadFile(cache + "/o+n/src/link"); err != nil || string(b) != "name = \"x\"\n" {
		t.Errorf("link inside the tree = %q, %v", b, err)
	}
	if _, err := os.Lstat(cache + "/o+n/src/escape"); !os.IsNotExist(err) {
		t.Errorf("a link out of the tree was written: %v", err)
	}
	// Idempotent: a second run with no mirror does not touch the network.
	if err := Ensure(ctx, cache, "", []Pin{p}, nil); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(cache)
	if len(entries) != 1 {
		t.Errorf("cache holds %d entries, want only o+n (no temporary directory left)", len(entries))
	}
}
