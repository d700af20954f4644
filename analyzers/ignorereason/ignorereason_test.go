package ignorereason_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/duplicatebinding"
	"github.com/dolint-dev/dolint/analyzers/ignorereason"
	"github.com/dolint-dev/dolint/analyzers/missingmigration"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// missingmigration runs too, so the test also shows which directives still
// suppress: one without a reason does, one with an unknown rule does not.
// A directive names duplicatebinding, which a rule name is only when a
// rule of that name is in the run's set.
func TestIgnoreReason(t *testing.T) {
	ruletest.RunAll(t, "testdata", []*rule.Rule{ignorereason.Rule, missingmigration.Rule, duplicatebinding.Rule}, "jsonc", "toml")
}
