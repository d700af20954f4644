package migrationreplay_test

import (
	"slices"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/migrationreplay"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// Observed with wrangler deploy --dry-run, offline: 4.164.0 (node 22) stops
// with exit code 1 before uploading, printing "✘ [ERROR] Cannot apply
// renamed_classes migration to non-existent class Countr" for this rule's
// bad example, "Cannot apply deleted_classes migration to non-existent
// class Gone", "Cannot apply new_sqlite_classes migration to existing
// class Counter" (the same step twice under one tag), "Cannot apply
// new_classes migration to existing class Counter", and, for a class
// transferred in and then deleted, "Cannot apply deleted_classes migration
// to non-existent class Counter" (its replay ignores transferred_classes).
// The replay runs in deployWorker whether or not it is a dry run. 4.86.0
// exits 0 and prints nothing for all five; its wrangler dev stops with the
// same messages. A step { "tag": "v1", "classes_with_sqlite": ["Counter"] }
// gets the warning "Unexpected fields found in migrations field:
// "classes_with_sqlite"" from both versions, exit code 0, and under wrangler
// dev 4.86.0 Counter then runs KV-backed ("SQL is not enabled for this
// Durable Object class. ..."): the field creates nothing. 4.164.0's dry
// run also confirms the order within a step: one step that deletes and
// creates Counter, and one that renames Counter to Tally and creates
// Counter with new_classes, both pass after Counter exists, while renaming
// Counter twice in one step fails on the second with "Cannot apply
// renamed_classes migration to non-existent class Counter". With --env
// production, 4.86.0 words the jsonc case's config errors as the want
// comments do ("migrations[6].tag" is a required field., Expected
// "migrations[1].new_sqlite_classes" to be an array of strings but got
// "Counter" under "env.production").
// The harness case is a config only @cloudflare/vitest-pool-workers reads:
// wrangler 4.86.0's unstable_getMiniflareWorkerOptions, which it uses,
// throws "Cannot apply deleted_classes migration to non-existent class
// Nope" for such a step, so the test run stops; a step only the deploy API
// refuses is not reported there.
func TestRule(t *testing.T) {
	res := ruletest.Run(t, "testdata", migrationreplay.Rule, "jsonc", "jsonc_ok", "jsonc_transfer", "toml", "toml_ok", "harness")
	for _, c := range []struct {
		cas, finding string
		related      []int
	}{
		{"jsonc", "existing class Counter (migrations[1])", []int{6}},
		{"jsonc", "non-existent class Ghost", nil},
	} {
		if got := ruletest.Related(t, res[c.cas], c.finding); !slices.Equal(got, c.related) {
			t.Errorf("%s: related locations of %q on lines %v, want %v", c.cas, c.finding, got, c.related)
		}
	}
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, migrationreplay.Rule)
}
