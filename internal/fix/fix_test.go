package fix_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/workerconfig"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/fix"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/wrangler"
	"golang.org/x/tools/go/analysis"
)

func config(pass *analysis.Pass) *wrangler.Config {
	return pass.ResultOf[workerconfig.Analyzer].(*wrangler.Config)
}

// upper wants the Worker name in capitals: a safe fix that converges.
var upper = rule.New(&rule.Doc{Name: "testupper", Title: "t", Safety: rule.Safe, Fix: "x"}, func(pass *analysis.Pass) (any, error) {
	if n := config(pass).Top.Name; n != nil && n.Value != strings.ToUpper(n.Value) {
		rule.Report(pass, n.Pos, n.End, "lowercase name",
			rule.Fix("capitalize the name", analysis.TextEdit{Pos: n.Pos, End: n.End, NewText: []byte(`"` + strings.ToUpper(n.Value) + `"`)}))
	}
	return nil, nil
}, workerconfig.Analyzer)

// breaker's fix would leave the config unparsable.
var breaker = rule.New(&rule.Doc{Name: "testbreaker", Title: "t", Safety: rule.Safe, Fix: "x"}, func(pass *analysis.Pass) (any, error) {
	if m := config(pass).Top.Main; m != nil {
		rule.Report(pass, m.Pos, m.End, "main",
			rule.Fix("break the file", analysis.TextEdit{Pos: m.Pos, End: m.End, NewText: []byte(`"x`)}))
	}
	return nil, nil
}, workerconfig.Analyzer)

// risky has an unsafe fix on the compatibility date.
var risky = rule.New(&rule.Doc{Name: "testrisky", Title: "t", Safety: rule.Unsafe, Fix: "x"}, func(pass *analysis.Pass) (any, error) {
	if d := config(pass).Top.CompatibilityDate; d != nil && d.Value != "2026-01-01" {
		rule.Report(pass, d.Pos, d.End, "old date",
			rule.Fix("bump the date", analysis.TextEdit{Pos: d.Pos, End: d.End, NewText: []byte(`"2026-01-01"`)}))
	}
	return nil, nil
}, workerconfig.Analyzer)

// overlap's fix touches the same bytes as upper's.
var overlap = rule.New(&rule.Doc{Name: "testoverlap", Title: "t", Safety: rule.Safe, Fix: "x"}, func(pass *analysis.Pass) (any, error) {
	if n := config(pass).Top.Name; n != nil && !strings.HasSuffix(n.Value, "-W") && !strings.HasSuffix(n.Value, "-w") {
		rule.Report(pass, n.Pos, n.End, "suffix",
			rule.Fix("add a suffix", analysis.TextEdit{Pos: n.End - 1, End: n.End - 1, NewText: []byte("-w")}))
	}
	return nil, nil
}, workerconfig.Analyzer)

const src = "{\n  // comment kept\n  \"name\": \"shop\",\n  \"main\": \"src/index.ts\",\n  \"compatibility_date\": \"2024-01-01\",\n}\n"

func run(t *testing.T, unsafe bool, rules ...*rule.Rule) (*fix.Outcome, string) {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "wrangler.jsonc")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	projects := []*driver.Project{{Dir: dir, Config: p}}
	out, err := fix.Run(fix.Options{Unsafe: unsafe, Lint: func(overlay map[string][]byte) (*driver.Result, error) {
		return driver.RunOptions(projects, rule.NewSet(rules...), driver.Options{Overlay: overlay})
	}})
	if err != nil {
		t.Fatal(err)
	}
	return out, p
}

func TestSafeFixConverges(t *testing.T) {
	out, p := run(t, false, upper, risky)
	if got := string(out.Changed[p]); !strings.Contains(got, `"name": "SHOP"`) || !strings.Contains(got, "// comment kept") {
		t.Errorf("fixed file:\n%s", got)
	}
	if len(out.Applied) != 1 || out.HeldBack != 1 {
		t.Errorf("applied %d, held back %d; want 1 and 1", len(out.Applied), out.HeldBack)
	}
	for _, d := range out.Final.Diagnostics {
		if d.Rule == "testupper" {
			t.Errorf("finding remains after its fix: %s", d.Message)
		}
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(p); string(data) != src {
		t.Error("Run wrote the file; only Write may")
	}
}

func TestUnsafeNeedsFlag(t *testing.T) {
	out, p := run(t, true, upper, risky)
	if got := string(out.Changed[p]); !strings.Contains(got, `"2026-01-01"`) || out.HeldBack != 0 || len(out.Applied) != 2 {
		t.Errorf("applied %v held back %d:\n%s", out.Applied, out.HeldBack, got)
	}
}

func TestSyntaxBreakingFixIsRejected(t *testing.T) {
	out, p := run(t, false, breaker, upper)
	if len(out.Rejected) != 1 || out.Rejected[0].Rule != "testbreaker" || !strings.Contains(out.Rejected[0].Reason, "would not parse") {
		t.Fatalf("rejected: %+v", out.Rejected)
	}
	if got := string(out.Changed[p]); !strings.Contains(got, `"main": "src/index.ts"`) || !strings.Contains(got, "SHOP") {
		t.Errorf("fixed file:\n%s", got)
	}
}

// Two fixes on the same bytes are never merged: one applies, the other's
// finding is re-evaluated in the next round against the new text.
func TestOverlappingFixesTakeTurns(t *testing.T) {
	out, p := run(t, false, upper, overlap)
	got := string(out.Changed[p])
	if !strings.Contains(got, `"name": "SHOP-W"`) {
		t.Errorf("fixed file:\n%s", got)
	}
	rules := map[string]bool{}
	for _, a := range out.Applied {
		rules[a.Rule] = true
	}
	if !rules["testupper"] || !rules["testoverlap"] {
		t.Errorf("applied %+v", out.Applied)
	}
}

// Running fix on its own output changes nothing.
func TestSecondRunChangesNothing(t *testing.T) {
	out, p := run(t, false, upper, overlap)
	if err := fix.Write(fix.OS{}, out.Changed); err != nil {
		t.Fatal(err)
	}
	projects := []*driver.Project{{Dir: filepath.Dir(p), Config: p}}
	again, err := fix.Run(fix.Options{Lint: func(overlay map[string][]byte) (*driver.Result, error) {
		return driver.RunOptions(projects, rule.NewSet(upper, overlap), driver.Options{Overlay: overlay})
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Changed) != 0 || len(again.Applied) != 0 {
		t.Errorf("second run changed %d files, applied %v", len(again.Changed), again.Applied)
	}
}

// twin reports upper's edit under another rule and message, as two
// findings (or one finding in several projects) can.
var twin = rule.New(&rule.Doc{Name: "testtwin", Title: "t", Safety: rule.Safe, Fix: "x"}, func(pass *analysis.Pass) (any, error) {
	if n := config(pass).Top.Name; n != nil && n.Value != strings.ToUpper(n.Value) {
		rule.Report(pass, n.Pos, n.End, "name not in capitals",
			rule.Fix("capitalize", analysis.TextEdit{Pos: n.Pos, End: n.End, NewText: []byte(`"` + strings.ToUpper(n.Value) + `"`)}))
	}
	return nil, nil
}, workerconfig.Analyzer)

// One edit is one fix, however many findings offer it.
func TestIdenticalEditsAreOneFix(t *testing.T) {
	out, p := run(t, false, upper, twin)
	if got := string(out.Changed[p]); !strings.Contains(got, `"name": "SHOP"`) {
		t.Errorf("fixed file:\n%s", got)
	}
	if len(out.Applied) != 1 {
		t.Errorf("applied %d fixes for one edit: %+v", len(out.Applied), out.Applied)
	}
}
