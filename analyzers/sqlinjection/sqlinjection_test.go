package sqlinjection_test

import (
	"reflect"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/sqlinjection"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// Observed with miniflare 4.20260426.0 (workerd 2026-04-26): sql.exec()
// of "CREATE TABLE ...; INSERT ...; INSERT ..." runs every statement, and
// sql.exec("SELECT typeof(?), typeof(?), ?", 2, true, true) gives real,
// text and "true": bound numbers are REAL, true is the text "true", as the
// fix's safety note says.
func TestRule(t *testing.T) {
	ruletest.RunWithFixes(t, "testdata", sqlinjection.Rule, "basic", "fix", "crlf", "js")
	// Values whose quotes are doubled, spliced inside the same quotes.
	ruletest.Run(t, "testdata", sqlinjection.Rule, "quoted", "private", "elements")
	// A value that enters through a local variable is pointed at where
	// it enters.
	res := ruletest.Run(t, "testdata", sqlinjection.Rule, "basic")
	if got := ruletest.Related(t, res["basic"], "is built from filter"); !reflect.DeepEqual(got, []int{44}) {
		t.Errorf("related lines %v, want [44], the assignment that interpolates filter", got)
	}
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, sqlinjection.Rule)
}
