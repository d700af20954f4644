package sqlinjection_test

import (
	"reflect"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/internal/configtest"
	"github.com/dolint-dev/dolint/analyzers/sqlinjection"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

func TestRule(t *testing.T) {
	ruletest.RunWithFixes(t, "testdata", sqlinjection.Analyzer, "basic", "fix", "crlf", "js")
	// A value that enters through a local variable is pointed at where
	// it enters.
	res := ruletest.Run(t, "testdata", sqlinjection.Analyzer, "basic")
	if got := configtest.Related(t, res["basic"], "is built from filter"); !reflect.DeepEqual(got, []int{44}) {
		t.Errorf("related lines %v, want [44], the assignment that interpolates filter", got)
	}
}

func TestDoc(t *testing.T) {
	configtest.CheckDoc(t, sqlinjection.Analyzer)
}
