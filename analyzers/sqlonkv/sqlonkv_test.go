package sqlonkv_test

import (
	"reflect"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/sqlonkv"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// Observed under wrangler dev 4.86.0 and 4.164.0 for a bound class that no
// migration creates, and in miniflare 4.20260426.0 for a KV-backed class:
// sql.exec() and sql.databaseSize throw "Error: SQL is not enabled for this
// Durable Object class. To enable it, change `new_classes` to
// `new_sqlite_classes` within the 'migrations' field in your
// wrangler.jsonc or wrangler.toml file. If using workerd directly,set
// `enableSql = true` ..."; storage.kv.put() throws "Error: The storage.kv
// (synchronous KV) API is only available for SQLite-backed Durable
// Objects, but this object's namespace is not declared to use SQLite.
// ..."; transactionSync(() => 7) returns 7. The production texts are
// workerd's and were not observed here.
// A test run: wrangler 4.86.0's unstable_getMiniflareWorkerOptions, which
// @cloudflare/vitest-pool-workers uses to turn a wrangler config into
// miniflare options, gives a new_classes class useSQLite false and a
// bound class no migration creates no useSQLite at all, so both run
// KV-backed under the test runner as under wrangler dev. In miniflare
// 4.20260426.0 a class bound with useSQLite false but started as a facet
// (class: ctx.exports.X) runs SQL; only the instances reached through the
// binding throw.
func TestRule(t *testing.T) {
	res := ruletest.Run(t, "testdata", sqlonkv.Rule, "kv", "nomigration", "sqlite", "env", "exports", "harness", "facet")
	// The related location is what made the class KV-backed: the
	// new_classes entry, the rename's "to", the binding.
	if got := ruletest.Related(t, res["kv"], "in Room,"); !reflect.DeepEqual(got, []int{13}) {
		t.Errorf("Room: related lines %v, want [13] (the renamed_classes \"to\")", got)
	}
	if got := ruletest.Related(t, res["kv"], "in Legacy,"); !reflect.DeepEqual(got, []int{12}) {
		t.Errorf("Legacy: related lines %v, want [12] (the new_classes entry)", got)
	}
	if got := ruletest.Related(t, res["nomigration"], "sql.exec() in Counter"); !reflect.DeepEqual(got, []int{4}) {
		t.Errorf("no migration: related lines %v, want [4] (the binding's class_name)", got)
	}
	if got := ruletest.Related(t, res["env"], "staging"); !reflect.DeepEqual(got, []int{9}) {
		t.Errorf("env: related lines %v, want [9] (the env's new_classes entry)", got)
	}
	if got := ruletest.Related(t, res["exports"], "legacy-kv"); !reflect.DeepEqual(got, []int{5}) {
		t.Errorf("exports: related lines %v, want [5] (the exports key)", got)
	}
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, sqlonkv.Rule)
}
