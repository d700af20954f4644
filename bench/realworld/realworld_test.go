package main

import (
	"context"
	"github.com/dolint-dev/dolint/bench/internal/judged"
	"github.com/dolint-dev/dolint/internal/npmtier"
	"os"
	"strings"
	"testing"
	"time"
)

// TestRealWorld lints every Worker project of the pinned packages with the
// dolint CLI and requires: no run ends in exit code 2 (internal error or
// panic), and the findings are exactly the reviewed ones in expected.txt.
func TestRealWorld(t *testing.T) {
	npmtier.Require(t, "the real-world tier of npm-shipped templates")
	if testing.Short() {
		t.Skip("-short: the real-world tier downloads npm packages")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	dir, err := Dir()
	if err != nil {
		t.Fatal(err)
	}
	if err := Ensure(ctx, dir); err != nil {
		t.Fatal(err)
	}
	projects, err := Projects(dir)
	if err != nil {
		t.Fatal(err)
	}
	do := 0
	for _, p := range projects {
		if p.DurableObjects {
			do++
		}
	}
	// The pinned list is meant to be broad; a shrinking corpus (a package
	// that stopped shipping templates, a broken unpack) would make the
	// check below pass vacuously.
	if len(projects) < 30 || do < 10 {
		t.Fatalf("corpus has %d projects, %d with Durable Objects; want at least 30 and 10", len(projects), do)
	}
	dolint, err := judged.BuildDolint(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	findings, failures := Lint(ctx, dolint, projects)
	for _, f := range failures {
		t.Errorf("dolint failed on %s: %s", f.Project, f.Err)
	}

	src, err := os.ReadFile("expected.txt")
	if err != nil {
		t.Fatal(err)
	}
	want, err := ParseExpectations(src)
	if err != nil {
		t.Fatalf("expected.txt: %v", err)
	}
	for _, e := range want {
		if !e.Reviewed() {
			t.Errorf("expected.txt:%d: %s has no reviewed verdict (want \"TRUE: <why>\")", e.At, e.key())
		}
	}
	unexpected, missing := Compare(findings, want)
	for _, f := range unexpected {
		t.Errorf("new finding (a false positive to fix, or a true one to review into expected.txt):\n\t%s: %s", f.key(), f.Message)
	}
	for _, e := range missing {
		t.Errorf("expected.txt:%d: finding no longer reported:\n\t%s: %q", e.At, e.key(), e.Message)
	}
	if t.Failed() {
		t.Log("re-run with: go run ./bench/realworld -update (from the repository root), then review the TODO lines")
	}
	t.Logf("%d projects (%d with Durable Objects), %d findings", len(projects), do, len(findings))
}

func TestParseExpectations(t *testing.T) {
	src := []byte(`# comment

a@1/x | kvbackend | wrangler.toml:3 | "class A is \"created\"" | TRUE: because
a@1/x | mainmissing | wrangler.toml:2 | "main" | TRUE: TODO review
`)
	got, err := ParseExpectations(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d expectations, want 2", len(got))
	}
	e := got[0]
	if e.Project != "a@1/x" || e.Rule != "kvbackend" || e.File != "wrangler.toml" || e.Line != 3 ||
		e.Message != `class A is "created"` || e.Verdict != "TRUE: because" || e.At != 3 {
		t.Errorf("first expectation = %+v", e)
	}
	if !got[0].Reviewed() || got[1].Reviewed() {
		t.Errorf("Reviewed() = %v, %v; want true, false", got[0].Reviewed(), got[1].Reviewed())
	}
	for _, bad := range []string{
		"a | b | c | d\n",
		`a | b | file | "m" | TRUE: x` + "\n",
		"a | b | f:1 | unquoted | TRUE: x\n",
	} {
		if _, err := ParseExpectations([]byte(bad)); err == nil {
			t.Errorf("ParseExpectations(%q) accepted a malformed line", bad)
		}
	}
}

func TestCompare(t *testing.T) {
	f := func(line int, msg string) Finding {
		return Finding{Project: "p", Rule: "r", File: "f", Line: line, Message: msg}
	}
	want := []Expectation{
		{Finding: f(1, "class A")},
		{Finding: f(1, "class A")}, // the same finding twice must be found twice
		{Finding: f(2, "gone")},
	}
	unexpected, missing := Compare([]Finding{f(1, "class A is KV"), f(1, "class A again"), f(1, "class A thrice"), f(3, "new")}, want)
	if len(unexpected) != 2 || unexpected[0].Message != "class A thrice" || unexpected[1].Line != 3 {
		t.Errorf("unexpected = %+v", unexpected)
	}
	if len(missing) != 1 || missing[0].Finding.Line != 2 {
		t.Errorf("missing = %+v", missing)
	}
}

func TestFormatExpectationsKeepsVerdicts(t *testing.T) {
	old := []Expectation{{Finding: Finding{Project: "p", Rule: "r", File: "f", Line: 1, Message: "short"}, Verdict: "TRUE: kept"}}
	findings := []Finding{
		{Project: "p", Rule: "r", File: "f", Line: 1, Message: "short and then more"},
		{Project: "p", Rule: "r", File: "f", Line: 2, Message: strings.Repeat("x", 100)},
	}
	out := FormatExpectations("# h\n", findings, old)
	back, err := ParseExpectations(out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(back) != 2 || back[0].Verdict != "TRUE: kept" || back[0].Message != "short" ||
		back[1].Reviewed() || len(back[1].Message) != prefixLen {
		t.Errorf("round trip = %+v", back)
	}
	if u, m := Compare(findings, back); len(u)+len(m) != 0 {
		t.Errorf("the rewritten file does not match its own findings: %v %v", u, m)
	}
}

func TestInstantiate(t *testing.T) {
	dir := t.TempDir()
	sub := dir + "/templates/hello-world-durable-object/ts"
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	toml := "name = \"<TBD>\"\nmain = \"src/index.ts\"\ncompatibility_date = \"<TBD>\"\n[[durable_objects.bindings]]\nname = \"MY_DO\"\n"
	jsonc := "{\n\t\"name\": \"<WORKER_NAME>\",\n\t\"compatibility_date\": \"<COMPATIBILITY_DATE>\",\n\t// id = \"<PREVIEW_NAMESPACE_ID>\"\n}\n"
	if err := os.WriteFile(sub+"/wrangler.toml", []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir+"/wrangler.jsonc", []byte(jsonc), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := instantiate(dir, Package{CompatibilityDate: "2025-01-02"}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(sub + "/wrangler.toml")
	wantTOML := "name = \"hello-world-durable-object-ts\"\nmain = \"src/index.ts\"\ncompatibility_date = \"2025-01-02\"\n[[durable_objects.bindings]]\nname = \"MY_DO\"\n"
	if string(got) != wantTOML {
		t.Errorf("toml:\n%s\nwant:\n%s", got, wantTOML)
	}
	got, _ = os.ReadFile(dir + "/wrangler.jsonc")
	wantJSONC := "{\n\t\"name\": \"worker\",\n\t\"compatibility_date\": \"2025-01-02\",\n\t// id = \"<PREVIEW_NAMESPACE_ID>\"\n}\n"
	if string(got) != wantJSONC {
		t.Errorf("jsonc:\n%s\nwant:\n%s", got, wantJSONC)
	}
}
