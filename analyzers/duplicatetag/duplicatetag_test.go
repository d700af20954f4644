package duplicatetag_test

import (
	"slices"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/duplicatetag"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// Observed offline with wrangler deploy --dry-run: for this rule's bad
// example (v1 creates Counter, a second v1 creates Limiter) both 4.86.0 and
// 4.164.0 exit 0 and print nothing about the tags. With the same step
// twice (v1 creating Counter both times), 4.86.0's dry run still exits 0,
// while 4.164.0 stops with "Cannot apply new_sqlite_classes migration to
// existing class Counter", as wrangler dev 4.86.0 does.
// The harness case is a config only @cloudflare/vitest-pool-workers reads:
// wrangler 4.86.0's unstable_getMiniflareWorkerOptions, which it uses,
// accepts two steps tagged "v1" and gives the bound class useSQLite true.
func TestRule(t *testing.T) {
	res := ruletest.Run(t, "testdata", duplicatetag.Rule, "jsonc", "jsonc_ok", "toml", "toml_ok", "harness")
	for _, c := range []struct {
		cas, finding string
		related      []int
	}{
		{"jsonc", "of migrations[2]", []int{6}},
		{"jsonc", "of migrations[3]", []int{6}},
		{"jsonc", `migration tag "a"`, []int{19}},
	} {
		if got := ruletest.Related(t, res[c.cas], c.finding); !slices.Equal(got, c.related) {
			t.Errorf("%s: related locations of %q on lines %v, want %v", c.cas, c.finding, got, c.related)
		}
	}
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, duplicatetag.Rule)
}
