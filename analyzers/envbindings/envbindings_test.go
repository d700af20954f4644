package envbindings_test

import (
	"slices"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/envbindings"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// The fixed configs (the .golden files) were checked with wrangler 4.86.0,
// `wrangler deploy --dry-run --compatibility-date 2025-01-01`, offline, at
// the top level and with --env for each environment: all exit 0, neither
// "durable_objects" exists at the top level, but not on "env.<e>" nor "The
// following bindings are at the top level, but not on" is printed any more,
// and each environment lists the copied bindings (toml_inline --env dev:
// env.COUNTER (Counter), env.LIMITER (RateLimiter)).
// Observed offline with wrangler deploy --dry-run --env staging: an
// environment without durable_objects gets (4.86.0 and 4.164.0) the warning
// ""durable_objects" exists at the top level, but not on "env.staging"."
// and deploys with no Durable Object binding (exit code 0); one whose
// durable_objects lacks OTHER gets (4.86.0) "The following bindings are at the top
// level, but not on "env.staging". ... - OTHER". Under wrangler dev
// --env staging, env.OTHER.idFromName("a") then throws "TypeError: Cannot
// read properties of undefined (reading 'idFromName')".
func TestRule(t *testing.T) {
	cases := []string{"jsonc", "jsonc_ok", "toml", "toml_ok", "jsonc_tabs_crlf", "jsonc_spaces", "toml_inline", "toml_crlf"}
	res := ruletest.Run(t, "testdata", envbindings.Rule, cases...)
	ruletest.RunWithFixes(t, "testdata", envbindings.Rule, cases...)
	for _, c := range []struct {
		cas, finding string
		related      []int
	}{
		{"jsonc", "env.staging has no durable_objects", []int{6, 7}},
		{"jsonc", "env.production.durable_objects lacks", []int{7}},
	} {
		if got := ruletest.Related(t, res[c.cas], c.finding); !slices.Equal(got, c.related) {
			t.Errorf("%s: related locations of %q on lines %v, want %v", c.cas, c.finding, got, c.related)
		}
	}
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, envbindings.Rule)
}
