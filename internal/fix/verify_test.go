package fix_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/fix"
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
			return driver.RunOptions(projects, []*analysis.Analyzer{upper, risky}, driver.Options{Overlay: overlay})
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
