package supercall_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/supercall"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// Observed with miniflare 4.20260426.0 (workerd 2026-04-26) at compat
// dates 2024-04-03, 2025-09-01 and 2026-04-26, a class extending
// DurableObject whose fetch() and RPC method read this.env:
//   - constructor(ctx, env) { super(ctx); }: stub.fetch() and the RPC call
//     both reject in the caller with "TypeError: Failed to construct
//     'DurableObjectBase': constructor parameter 2 is not of type
//     'JsObject'." (this.env is never reached).
//   - super(): "TypeError: Failed to construct 'DurableObjectBase':
//     constructor parameter 1 is not of type 'DurableObjectState'."
//   - this.x = 1 before super(ctx, env), and a constructor without super():
//     the caller gets "ReferenceError: Must call super constructor in
//     derived class before accessing 'this' or returning from derived
//     constructor" (node 20 prints the same text).
//
// tsc 5.9.3 with @cloudflare/workers-types 4.20260702.1, whose
// DurableObject declares constructor(ctx, env), reports super(ctx) and
// super() as TS2554 ("Expected 2 arguments, but got 1." / "got 0."), this
// before super() as TS17009 and a constructor without super() as TS2377.
func TestRule(t *testing.T) {
	ruletest.RunWithFixes(t, "testdata", supercall.Rule, "basic", "nofix", "js", "crlf")
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, supercall.Rule)
}
