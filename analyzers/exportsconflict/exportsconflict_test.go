package exportsconflict_test

import (
	"slices"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/exportsconflict"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// Observed offline with wrangler deploy --dry-run: 4.164.0 (node 22) exits
// 1 on this rule's bad example with "`migrations` and `exports` are
// mutually exclusive. Choose one or the other to declare your Durable
// Object lifecycle, but not both.", and with --env staging for a staging
// environment that adds exports to the top level's inherited migrations
// (under "env.staging" environment configuration), while the top level of
// that config deploys. 4.86.0 exits 0 with only the warning "Unexpected
// fields found in top-level field: "exports"".
func TestRule(t *testing.T) {
	res := ruletest.Run(t, "testdata", exportsconflict.Rule, "jsonc_top", "jsonc_env", "jsonc_ok", "toml", "toml_ok")
	for _, c := range []struct {
		cas, finding string
		related      []int
	}{
		{"jsonc_top", "in this config", []int{5}},
		{"jsonc_env", "for env.staging", []int{6}},
		{"jsonc_env", "for env.both", []int{14}},
	} {
		if got := ruletest.Related(t, res[c.cas], c.finding); !slices.Equal(got, c.related) {
			t.Errorf("%s: related locations of %q on lines %v, want %v", c.cas, c.finding, got, c.related)
		}
	}
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, exportsconflict.Rule)
}
