package unusedignore_test

import (
	"path/filepath"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/missingmigration"
	"github.com/dolint-dev/dolint/analyzers/unusedignore"
	"github.com/dolint-dev/dolint/internal/discover"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// The directives name missingmigration, so it runs too: a directive is
// judged unused only against findings of rules that ran.
func TestUnusedIgnore(t *testing.T) {
	ruletest.RunAll(t, "testdata", []*rule.Rule{unusedignore.Rule, missingmigration.Rule}, "jsonc", "toml", "used")
}

// With the named rule disabled, the directive cannot be judged, so a run
// with --disable missingmigration must not call it unused.
func TestRuleNotRun(t *testing.T) {
	projects, err := discover.Projects([]string{filepath.Join("testdata", "src", "jsonc")})
	if err != nil {
		t.Fatal(err)
	}
	res, err := driver.Run(projects, rule.NewSet(unusedignore.Rule), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		t.Errorf("%s: unexpected %s finding: %s", res.Fset.Position(d.Pos), d.Rule, d.Message)
	}
}
