package ignorereason_test

import (
	"testing"

	// A directive in the testdata names duplicatebinding; rule names are
	// known when their package is linked in, as all are in the binary.
	_ "github.com/dolint-dev/dolint/analyzers/duplicatebinding"
	"github.com/dolint-dev/dolint/analyzers/ignorereason"
	"github.com/dolint-dev/dolint/analyzers/missingmigration"
	"github.com/dolint-dev/dolint/internal/ruletest"
	"golang.org/x/tools/go/analysis"
)

// missingmigration runs too, so the test also shows which directives still
// suppress: one without a reason does, one with an unknown rule does not.
func TestIgnoreReason(t *testing.T) {
	ruletest.RunAll(t, "testdata", []*analysis.Analyzer{ignorereason.Analyzer, missingmigration.Analyzer}, "jsonc", "toml")
}
