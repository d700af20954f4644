package blockconcurrency_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/blockconcurrency"
	"github.com/dolint-dev/dolint/analyzers/internal/configtest"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// Observed with miniflare 4.20260426.0 (workerd 2026-04-26): a constructor
// whose blockConcurrencyWhile callback awaits a 45 s timer makes the first
// stub.fetch() reject after 30.6 s with "Error: A call to
// blockConcurrencyWhile() in a Durable Object waited for too long. The call
// was canceled and the Durable Object was reset."; the next request runs the
// constructor again, and the code after the await never ran.
func TestRule(t *testing.T) {
	ruletest.Run(t, "testdata", blockconcurrency.Analyzer, "basic")
}

func TestDoc(t *testing.T) {
	configtest.CheckDoc(t, blockconcurrency.Analyzer)
}
