package ruletest

import (
	"testing"

	"github.com/dolint-dev/dolint/internal/discover"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/rule"
	"golang.org/x/tools/go/analysis"
)

// CheckDoc runs a over its Doc's Bad and Good examples: the Bad project
// must trigger the rule and the Good project must not. The examples are
// what users read in `dolint explain`, so one that drifts from the rule's
// behaviour is a documentation bug.
func CheckDoc(t *testing.T, a *analysis.Analyzer) {
	t.Helper()
	doc := rule.DocOf(a)
	if doc == nil {
		t.Fatalf("%s has no rule.Doc", a.Name)
	}
	if n := len(Findings(t, a, doc.Bad)); n == 0 {
		t.Errorf("%s: the Bad example does not trigger the rule", a.Name)
	}
	for _, d := range Findings(t, a, doc.Good) {
		t.Errorf("%s: the Good example triggers the rule: %s", a.Name, d.Message)
	}
}

// Findings writes the txtar project to a temporary directory and returns
// a's diagnostics on it.
func Findings(t *testing.T, a *analysis.Analyzer, archive string) []driver.Diagnostic {
	t.Helper()
	dir := WriteArchive(t, archive)
	projects, err := discover.Projects([]string{dir})
	if err != nil {
		t.Fatalf("%s: %v", a.Name, err)
	}
	res, err := driver.Run(projects, []*analysis.Analyzer{a}, nil)
	if err != nil {
		t.Fatalf("%s: %v", a.Name, err)
	}
	var out []driver.Diagnostic
	for _, d := range res.Diagnostics {
		if d.Rule == a.Name {
			out = append(out, d)
		}
	}
	return out
}
