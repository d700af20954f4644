package missingmigration_test

import (
	"slices"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/internal/configtest"
	"github.com/dolint-dev/dolint/analyzers/missingmigration"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

func TestRule(t *testing.T) {
	cases := []string{
		"jsonc", "jsonc_none", "jsonc_exports", "jsonc_ok", "toml", "toml_ok",
		"jsonc_comments", "jsonc_tabs", "jsonc_inline", "jsonc_crlf", "jsonc_exports_fix", "jsonc_env",
		"toml_none", "toml_inline", "toml_crlf",
	}
	res := ruletest.Run(t, "testdata", missingmigration.Analyzer, cases...)
	ruletest.RunWithFixes(t, "testdata", missingmigration.Analyzer, cases...)
	for _, c := range []struct {
		cas, finding string
		related      []int
	}{
		{"jsonc", "binding LIMITER but", []int{16}},
		{"jsonc", "binding LIMITER in env.staging", []int{16}},
		{"jsonc", "binding COUNTER in env.legacy", []int{49, 47}},
		{"jsonc", "binding TALLY in env.legacy", []int{50, 47}},
		{"jsonc_none", "binding COUNTER but", nil},
	} {
		if got := configtest.Related(t, res[c.cas], c.finding); !slices.Equal(got, c.related) {
			t.Errorf("%s: related locations of %q on lines %v, want %v", c.cas, c.finding, got, c.related)
		}
	}
}

func TestDoc(t *testing.T) {
	configtest.CheckDoc(t, missingmigration.Analyzer)
}
