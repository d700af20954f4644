package envbindings_test

import (
	"slices"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/envbindings"
	"github.com/dolint-dev/dolint/analyzers/internal/configtest"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

func TestRule(t *testing.T) {
	cases := []string{"jsonc", "jsonc_ok", "toml", "toml_ok", "jsonc_tabs_crlf", "jsonc_spaces", "toml_inline", "toml_crlf"}
	res := ruletest.Run(t, "testdata", envbindings.Analyzer, cases...)
	ruletest.RunWithFixes(t, "testdata", envbindings.Analyzer, cases...)
	for _, c := range []struct {
		cas, finding string
		related      []int
	}{
		{"jsonc", "env.staging has no durable_objects", []int{6, 7}},
		{"jsonc", "env.production.durable_objects lacks", []int{7}},
	} {
		if got := configtest.Related(t, res[c.cas], c.finding); !slices.Equal(got, c.related) {
			t.Errorf("%s: related locations of %q on lines %v, want %v", c.cas, c.finding, got, c.related)
		}
	}
}

func TestDoc(t *testing.T) {
	configtest.CheckDoc(t, envbindings.Analyzer)
}
