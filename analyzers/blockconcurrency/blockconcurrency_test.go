package blockconcurrency_test

import (
	"slices"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/blockconcurrency"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// Observed with miniflare 4.20260426.0 (workerd 2026-04-26): a constructor
// whose blockConcurrencyWhile callback awaits a 45 s timer makes the first
// stub.fetch() reject after 30.6 s with "Error: A call to
// blockConcurrencyWhile() in a Durable Object waited for too long. The call
// was canceled and the Durable Object was reset."; the next request runs the
// constructor again, and the code after the await never ran.
func TestRule(t *testing.T) {
	res := ruletest.Run(t, "testdata", blockconcurrency.Rule, "basic", "chain")
	// A finding reached through methods points at the critical section,
	// then at each call of the chain, in order.
	for _, c := range []struct {
		finding string
		related []int
	}{
		{"in this.load()", []int{10, 11, 17}},
		{"in this.refill()", []int{13, 13, 26, 30}},
		{"in this.refresh()", []int{43, 44}},
	} {
		r := res["chain"]
		if c.finding == "in this.refresh()" {
			r = res["basic"]
		}
		if got := ruletest.Related(t, r, c.finding); !slices.Equal(got, c.related) {
			t.Errorf("%q: related locations on lines %v, want %v", c.finding, got, c.related)
		}
	}
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, blockconcurrency.Rule)
}
