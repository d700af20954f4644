package ruletest

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/internal/discover"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/fix"
	"github.com/dolint-dev/dolint/internal/rule"
)

var updateGolden = flag.Bool("update", false, "rewrite golden files (fix outputs, rules.md) instead of comparing")

// Updating reports whether the test run was asked to rewrite golden files.
func Updating() bool { return *updateGolden }

// RunWithFixes checks the findings like Run, then applies every fix of r
// (unsafe ones too) the way `dolint fix --unsafe --rule r` would and
// compares each file with <file>.golden beside it; a file without a golden
// file must stay unchanged. It also checks that fixing converges (a second
// run finds nothing more to fix) and that no fix was rejected, for example
// for leaving a file that does not parse.
func RunWithFixes(t *testing.T, testdata string, r *rule.Rule, cases ...string) {
	t.Helper()
	Run(t, testdata, r, cases...)
	goldens := 0
	for _, c := range cases {
		goldens += checkFixes(t, filepath.Join(testdata, "src", c), r)
	}
	if goldens == 0 {
		t.Errorf("%s: no .golden file in %v: a rule with a fix needs a golden test", r.Name(), cases)
	}
}

func checkFixes(t *testing.T, dir string, r *rule.Rule) int {
	t.Helper()
	projects, err := discover.Projects([]string{dir + "/..."})
	if err != nil {
		t.Fatal(err)
	}
	lint := func(overlay map[string][]byte) (*driver.Result, error) {
		return driver.RunOptions(projects, rule.NewSet(r), driver.Options{Overlay: overlay})
	}
	out, err := fix.Run(fix.Options{Unsafe: true, Rule: r.Name(), Lint: lint})
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	for _, r := range out.Rejected {
		t.Errorf("%s:%d: fix %q rejected: %s", rel(dir, r.File), r.Line, r.Message, r.Reason)
	}
	// Converged: after the last round no eligible fix is left.
	for _, d := range out.Final.Diagnostics {
		if d.Rule == r.Name() && len(d.SuggestedFixes) > 0 {
			p := out.Final.Position(d.Pos)
			t.Errorf("%s:%d: fixing did not converge: a fix is still offered for %q", rel(dir, p.Filename), p.Line, d.Message)
		}
	}
	goldens := 0
	err = filepath.WalkDir(dir, func(path string, de os.DirEntry, err error) error {
		if err != nil || de.IsDir() || strings.HasSuffix(path, ".golden") {
			return err
		}
		abs, _ := filepath.Abs(path)
		orig, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		got, changed := out.Changed[abs]
		if !changed {
			got = orig
		}
		golden := path + ".golden"
		want, gerr := os.ReadFile(golden)
		if *updateGolden && changed {
			goldens++
			return os.WriteFile(golden, got, 0o644)
		}
		if gerr != nil {
			if changed {
				t.Errorf("%s: fixes changed the file but there is no %s:\n%s", rel(dir, path), filepath.Base(golden), fix.Diff("before", "after", orig, got))
			}
			return nil
		}
		goldens++
		if string(got) != string(want) {
			t.Errorf("%s: fixed output differs from golden:\n%s", rel(dir, path), fix.Diff("golden", "got", want, got))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return goldens
}
