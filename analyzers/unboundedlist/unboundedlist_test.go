package unboundedlist_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/unboundedlist"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// The memory figure is Cloudflare's documented Workers limit (128 MB per
// isolate, Workers limits page); local workerd does not enforce it, so
// there is nothing to observe locally.
func TestRule(t *testing.T) {
	ruletest.Run(t, "testdata", unboundedlist.Rule, "basic", "kv")
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, unboundedlist.Rule)
}
