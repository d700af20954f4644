package asyncinit_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/asyncinit"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// Observed with miniflare 4.20260426.0 (workerd 2026-04-26), compat
// 2026-04-26, SQLite- and KV-backed classes alike. A stored value, then
// ctx.abort() so that the next request constructs the object again:
//   - constructor ctx.storage.get("v").then((v) => { this.v = v }), or an
//     un-awaited async method that awaits ctx.storage.get and sets the
//     field: the first request (and three concurrent first requests) saw
//     "stored". Storage reads hold the input gate, so no request overtook
//     them.
//   - constructor scheduler.wait(200).then(() => { this.v = ... }): the
//     first request saw undefined.
//   - env.SLOW.fetch(...).then(...) (a service that answers after 300 ms),
//     and this.load() or this.ready = this.load() where load awaits
//     ctx.storage.get and then the service: the first request saw
//     undefined, one 700 ms later saw the value.
//   - the same load inside ctx.blockConcurrencyWhile(async () => { await
//     this.load() }), or a handler that did await this.ready first: the
//     first request saw the value.
func TestRule(t *testing.T) {
	ruletest.RunWithFixes(t, "testdata", asyncinit.Rule, "basic", "fix")
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, asyncinit.Rule)
}
