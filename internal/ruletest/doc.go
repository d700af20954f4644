package ruletest

import (
	"testing"

	"github.com/dolint-dev/dolint/internal/discover"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/rule"
)

// CheckDoc runs r over its Doc's Bad and Good examples: the Bad project
// must trigger the rule and the Good project must not. The examples are
// what users read in `dolint explain`, so one that drifts from the rule's
// behaviour is a documentation bug.
func CheckDoc(t *testing.T, r *rule.Rule) {
	t.Helper()
	doc := r.Doc
	if doc == nil {
		t.Fatalf("%s has no rule.Doc", r.Name())
	}
	if n := len(Findings(t, r, doc.Bad)); n == 0 {
		t.Errorf("%s: the Bad example does not trigger the rule", r.Name())
	}
	for _, d := range Findings(t, r, doc.Good) {
		t.Errorf("%s: the Good example triggers the rule: %s", r.Name(), d.Message)
	}
}

// Findings writes the txtar project to a temporary directory and returns
// r's diagnostics on it.
func Findings(t *testing.T, r *rule.Rule, archive string) []driver.Diagnostic {
	t.Helper()
	dir := WriteArchive(t, archive)
	projects, err := discover.Projects([]string{dir})
	if err != nil {
		t.Fatalf("%s: %v", r.Name(), err)
	}
	res, err := driver.Run(projects, rule.NewSet(r), nil)
	if err != nil {
		t.Fatalf("%s: %v", r.Name(), err)
	}
	var out []driver.Diagnostic
	for _, d := range res.Diagnostics {
		if d.Rule == r.Name() {
			out = append(out, d)
		}
	}
	return out
}
