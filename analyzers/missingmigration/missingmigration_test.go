package missingmigration_test

import (
	"slices"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/missingmigration"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// The fixed configs (the .golden files) were checked with wrangler 4.86.0,
// `wrangler deploy --dry-run --compatibility-date 2025-01-01`, offline, at
// the top level and with --env for each environment. All exit 0 except
// jsonc, which binds the unexported class COUNTER on purpose ("Your Worker
// depends on the following Durable Objects, which are not exported in your
// entrypoint file: COUNTER."). The missing-migrations warning that the
// unfixed jsonc_none and jsonc_crlf print is gone, and no migration step
// draws an unexpected-field warning. 4.86 predates declarative exports (it
// warns: Unexpected fields found in top-level field: "exports"), so the
// exports goldens rest on the documented shape instead of a run.
// Observed offline with wrangler deploy --dry-run: with no migrations,
// 4.86.0 warns "In your wrangler.jsonc file, you have configured
// `durable_objects` exported by this Worker (Counter), but no `migrations`
// for them. ..." and 4.164.0 "... but no live `exports` entry for them.
// ...", both with exit code 0; with a migrations list that creates only
// another class, both say nothing. Under wrangler dev (4.86.0 and
// 4.164.0) such a class runs KV-backed: sql.exec() throws "SQL is not
// enabled for this Durable Object class. ...". Code 10061 comes from the
// deploy API and was not observed here. For the jsonc_exports case
// (comments stripped), 4.164.0 warns "... you have configured
// `durable_objects` exported by this Worker (Limiter, Tally), but no live
// `exports` entry for them. ..." and exits 0: a deleted entry does not
// count, nor a "worker" one. A binding to a class that a later step
// renames or deletes passes deploy --dry-run silently in both versions.
// The harness case is a config only @cloudflare/vitest-pool-workers
// reads: nothing deploys it, so it gets no finding. In the facet case,
// Thread is only started through ctx.facets.get and needs no migration
// (miniflare 4.20260426.0: such a class, unbound and in no migration, runs
// SQL as a facet), while Shared is also bound, so deploy still needs a
// migration for it.
func TestRule(t *testing.T) {
	cases := []string{
		"jsonc", "jsonc_none", "jsonc_exports", "jsonc_ok", "toml", "toml_ok",
		"jsonc_comments", "jsonc_tabs", "jsonc_inline", "jsonc_crlf", "jsonc_exports_fix", "jsonc_env",
		"toml_none", "toml_inline", "toml_crlf", "harness", "facet", "template",
	}
	res := ruletest.Run(t, "testdata", missingmigration.Rule, cases...)
	ruletest.RunWithFixes(t, "testdata", missingmigration.Rule, cases...)
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
		if got := ruletest.Related(t, res[c.cas], c.finding); !slices.Equal(got, c.related) {
			t.Errorf("%s: related locations of %q on lines %v, want %v", c.cas, c.finding, got, c.related)
		}
	}
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, missingmigration.Rule)
}
