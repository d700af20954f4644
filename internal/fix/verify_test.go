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
	"golang.org/x/tools/go/analysis"
)

// runVerify runs upper and risky with a Verify hook that judges each
// candidate by judge, recording what it was shown.
func runVerify(t *testing.T, unsafe bool, judge func(fix.Candidate, map[string][]byte) fix.Verdict) (*fix.Outcome, string, [][]fix.Candidate) {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "wrangler.jsonc")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	projects := []*driver.Project{{Dir: dir, Config: p}}
	var calls [][]fix.Candidate
	out, err := fix.Run(fix.Options{Unsafe: unsafe,
		Lint: func(overlay map[string][]byte) (*driver.Result, error) {
			return driver.RunOptions(projects, rule.NewSet(upper, risky), driver.Options{Overlay: overlay})
		},
		Verify: func(final map[string][]byte, cands []fix.Candidate) ([]fix.Verdict, error) {
			calls = append(calls, cands)
			var vs []fix.Verdict
			for _, c := range cands {
				vs = append(vs, judge(c, final))
			}
			return vs, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return out, p, calls
}

func TestVerifyRejectedFixIsDropped(t *testing.T) {
	out, p, calls := runVerify(t, true, func(c fix.Candidate, final map[string][]byte) fix.Verdict {
		if c.Rule == "testrisky" {
			return fix.Verdict{Status: fix.RejectedByCheck, Check: "clock", Reason: "the date is wrong"}
		}
		return fix.Verdict{Status: fix.Verified, Check: "name"}
	})
	if len(calls) != 2 || len(calls[0]) != 2 || len(calls[1]) != 1 {
		t.Fatalf("verify calls: %v", calls)
	}
	// Each candidate is judged against the version without it.
	for _, c := range calls[0] {
		w := string(c.Without[p])
		switch c.Rule {
		case "testupper":
			if !strings.Contains(w, `"shop"`) || !strings.Contains(w, `"2026-01-01"`) {
				t.Errorf("upper's Without:\n%s", w)
			}
		case "testrisky":
			if !strings.Contains(w, `"SHOP"`) || !strings.Contains(w, `"2024-01-01"`) {
				t.Errorf("risky's Without:\n%s", w)
			}
		}
	}
	got := string(out.Changed[p])
	if !strings.Contains(got, `"SHOP"`) || !strings.Contains(got, `"2024-01-01"`) {
		t.Errorf("written file keeps the rejected fix or lost the verified one:\n%s", got)
	}
	if len(out.Applied) != 1 || out.Applied[0].Verdict == nil || out.Applied[0].Verdict.Status != fix.Verified {
		t.Errorf("applied %+v", out.Applied)
	}
	if len(out.Rejected) != 1 || out.Rejected[0].Rule != "testrisky" || out.Rejected[0].Reason != "verification failed (clock): the date is wrong" {
		t.Errorf("rejected %+v", out.Rejected)
	}
}

func TestVerifyUnverifiableSafeFixNeedsUnsafe(t *testing.T) {
	judge := func(c fix.Candidate, _ map[string][]byte) fix.Verdict {
		return fix.Verdict{Status: fix.Unverifiable, Check: "none", Reason: "no check"}
	}
	out, _, _ := runVerify(t, false, judge)
	if len(out.Applied) != 0 || len(out.Changed) != 0 || len(out.Unverified) != 1 || out.HeldBack != 2 {
		t.Errorf("without --unsafe: applied %v, changed %d, unverified %v, held back %d", out.Applied, len(out.Changed), out.Unverified, out.HeldBack)
	}
	out, p, _ := runVerify(t, true, judge)
	if len(out.Applied) != 2 || !strings.Contains(string(out.Changed[p]), `"SHOP"`) {
		t.Errorf("with --unsafe: applied %v", out.Applied)
	}
	for _, a := range out.Applied {
		if a.Verdict == nil || a.Verdict.Status != fix.Unverifiable {
			t.Errorf("%s: verdict %v", a.Rule, a.Verdict)
		}
	}
}

// dropper deletes the comment line above the name: a fix that moves every
// later line up by one.
var dropper = rule.New(&rule.Doc{Name: "testdropper", Title: "t", Safety: rule.Safe, Fix: "x"}, func(pass *analysis.Pass) (any, error) {
	n := config(pass).Top.Name
	if n == nil {
		return nil, nil
	}
	tf := pass.Fset.File(n.Pos)
	line := tf.Line(n.Pos)
	if line < 2 {
		return nil, nil
	}
	start, end := tf.LineStart(line-1), tf.LineStart(line)
	if text := string(readFile(pass, tf.Name())[tf.Offset(start):tf.Offset(end)]); strings.Contains(text, "//") {
		rule.Report(pass, start, end, "comment",
			rule.Fix("drop the comment", analysis.TextEdit{Pos: start, End: end}))
	}
	return nil, nil
}, workerconfig.Analyzer)

func readFile(pass *analysis.Pass, name string) []byte {
	b, err := pass.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return b
}

// A fix is judged in the version with the round's other fixes: when one of
// them deletes a line above it, its line is counted in that version.
func TestVerifyCandidateLineAfterOtherFixes(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "wrangler.jsonc")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	projects := []*driver.Project{{Dir: dir, Config: p}}
	lines := map[string]string{}
	out, err := fix.Run(fix.Options{Unsafe: true,
		Lint: func(overlay map[string][]byte) (*driver.Result, error) {
			return driver.RunOptions(projects, rule.NewSet(dropper, risky), driver.Options{Overlay: overlay})
		},
		Verify: func(final map[string][]byte, cands []fix.Candidate) ([]fix.Verdict, error) {
			var vs []fix.Verdict
			for _, c := range cands {
				ls := strings.Split(string(c.Without[c.File]), "\n")
				if c.Line >= 1 && c.Line <= len(ls) {
					lines[c.Rule] = ls[c.Line-1]
				}
				vs = append(vs, fix.Verdict{Status: fix.Verified, Check: "line"})
			}
			return vs, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(lines["testrisky"], `"compatibility_date"`) {
		t.Errorf("the date fix's line in its version without it: %q", lines["testrisky"])
	}
	if !strings.Contains(lines["testdropper"], "// comment kept") {
		t.Errorf("the comment fix's line in its version without it: %q", lines["testdropper"])
	}
	// What is reported is the line in the file as it was.
	for _, a := range out.Applied {
		if a.Rule == "testrisky" && a.Line != 5 {
			t.Errorf("reported line %d, want 5", a.Line)
		}
	}
}
