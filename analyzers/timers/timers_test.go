package timers_test

import (
	"slices"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/timers"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// Observed with miniflare 4.20260426.0 (workerd 2026-04-26): after one
// request each and 25 s without events, an object with no timer was
// evicted (the next request ran the constructor again), while one with a
// pending setInterval(fn, 1000) (24 ticks by then) and one with a pending
// setTimeout(fn, 60000) were still the same instance in memory.
func TestRule(t *testing.T) {
	res := ruletest.Run(t, "testdata", timers.Rule, "basic", "sleep", "unbound", "helpers", "lifetime", "reach")
	// A timer outside the class points at the calls in the Durable Object
	// through which it runs, each once.
	for _, c := range []struct {
		finding string
		related []int
	}{
		{"through RateLimiterClient.push()", []int{67}},
		{"through tick()", []int{70, 71}},
		{"through startHeartbeat()", []int{85}},
		{"this.limiter.wait()", nil},
	} {
		if got := ruletest.Related(t, res["helpers"], c.finding); !slices.Equal(got, c.related) {
			t.Errorf("%q: related locations on lines %v, want %v", c.finding, got, c.related)
		}
	}
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, timers.Rule)
}
