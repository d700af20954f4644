package serviceworker_test

import (
	"slices"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/serviceworker"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

var cases = []string{
	"no_exports", "named_exports_listener", "star_only", "own_script_name", "env",
	"modules", "named_only", "remote_only", "syntax_error",
}

func TestRule(t *testing.T) {
	res := ruletest.Run(t, "testdata", serviceworker.Rule, cases...)
	// The addEventListener reference, then main in the config.
	for _, c := range []struct {
		cas     string
		related []int
	}{
		{"no_exports", []int{16, 3}},
		{"named_exports_listener", []int{8, 2}},
		{"star_only", []int{3}},
	} {
		if got := ruletest.Related(t, res[c.cas], "service-worker script"); !slices.Equal(got, c.related) {
			t.Errorf("%s: related locations on lines %v, want %v", c.cas, got, c.related)
		}
	}
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, serviceworker.Rule)
}
