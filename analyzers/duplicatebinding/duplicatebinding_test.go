package duplicatebinding_test

import (
	"slices"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/duplicatebinding"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// Observed offline with wrangler deploy --dry-run 4.86.0 and 4.164.0 on
// this rule's bad example (two bindings named ROOM): exit code 1 with
// "ROOM assigned to multiple Durable Object bindings." and "Bindings must
// have unique names, so that they can all be referenced in the worker.",
// then "Please change your bindings to have unique names." on the next
// line.
func TestRule(t *testing.T) {
	res := ruletest.Run(t, "testdata", duplicatebinding.Rule, "jsonc_dup", "jsonc_ok", "toml_dup", "toml_ok")
	for _, c := range []struct {
		cas, finding string
		related      []int
	}{
		{"toml_dup", "binding ROOM is already declared", []int{5}},
		{"toml_dup", "binding PRESENCE in env.staging", []int{18}},
	} {
		if got := ruletest.Related(t, res[c.cas], c.finding); !slices.Equal(got, c.related) {
			t.Errorf("%s: related locations of %q on lines %v, want %v", c.cas, c.finding, got, c.related)
		}
	}
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, duplicatebinding.Rule)
}
