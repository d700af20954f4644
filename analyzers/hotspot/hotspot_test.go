package hotspot_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/hotspot"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// The figure the message quotes is Cloudflare's documented soft limit for
// an individual object (Durable Objects limits page: "An individual Object
// has a soft limit of 1,000 requests per second"); local workerd enforces
// no such limit, so there is nothing to observe locally.
func TestRule(t *testing.T) {
	ruletest.Run(t, "testdata", hotspot.Rule, "basic", "entrypoint", "routes", "named", "testconfig")
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, hotspot.Rule)
}
