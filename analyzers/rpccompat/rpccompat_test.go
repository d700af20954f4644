package rpccompat_test

import (
	"reflect"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/rpccompat"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// Observed with miniflare 4.20260426.0 (workerd 2026-04-26), a class
// extending DurableObject with add(n) and a legacy class without extends:
//   - compat 2024-03-01, no flags: await stub.add(5) rejects in the caller
//     with "TypeError: stub.add is not a function" (no remote flag), and
//     workerd logs "WARNING: Tried to access method or property 'add' on a
//     Service Binding or Durable Object stub. Are you trying to use RPC? If
//     so, please enable the 'rpc' compat flag or update your compat date to
//     2024-04-03 or later ...". The legacy class's stub.fetch() still works.
//   - compat 2024-03-01 with "rpc", and compat 2024-04-03: add returns 6;
//     on the legacy class it rejects with "TypeError: The receiving Durable
//     Object does not support RPC, because its class was not declared with
//     `extends DurableObject`. ..." (remote: true).
//   - compat 2025-09-01 with "no_rpc": the same "is not a function" and
//     warning as before 2024-04-03.
//   - env.NS.getByName("a").add(5) names its callee
//     "env.NS.getByName(...).add", the text these messages quote.
//   - at compat 2024-03-01 a stub from getByName still has fetch and
//     connect (functions), id and name, which is why those are not RPC
//     calls here.
func TestRule(t *testing.T) {
	res := ruletest.Run(t, "testdata", rpccompat.Rule, "old", "flags", "nodate", "legacy", "env", "toml", "scopes", "blocks")
	// Related: the compatibility_date or the no_rpc flag that turns RPC
	// off, the legacy class's declaration.
	if got := ruletest.Related(t, res["flags"], "env off"); !reflect.DeepEqual(got, []int{11}) {
		t.Errorf("flags: related lines %v, want [11] (env off's no_rpc flag)", got)
	}
	if got := ruletest.Related(t, res["toml"], "COUNTER"); !reflect.DeepEqual(got, []int{3}) {
		t.Errorf("toml: related lines %v, want [3] (compatibility_date in wrangler.toml)", got)
	}
	if got := ruletest.Related(t, res["legacy"], "LEGACY"); !reflect.DeepEqual(got, []int{3}) {
		t.Errorf("legacy: related lines %v, want [3] (class Legacy)", got)
	}
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, rpccompat.Rule)
}
