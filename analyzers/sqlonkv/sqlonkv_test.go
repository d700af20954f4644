package sqlonkv_test

import (
	"reflect"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/internal/configtest"
	"github.com/dolint-dev/dolint/analyzers/sqlonkv"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

func TestRule(t *testing.T) {
	res := ruletest.Run(t, "testdata", sqlonkv.Analyzer, "kv", "nomigration", "sqlite", "env", "exports")
	// The related location is what made the class KV-backed: the
	// new_classes entry, the rename's "to", the binding.
	if got := configtest.Related(t, res["kv"], "in Room,"); !reflect.DeepEqual(got, []int{13}) {
		t.Errorf("Room: related lines %v, want [13] (the renamed_classes \"to\")", got)
	}
	if got := configtest.Related(t, res["kv"], "in Legacy,"); !reflect.DeepEqual(got, []int{12}) {
		t.Errorf("Legacy: related lines %v, want [12] (the new_classes entry)", got)
	}
	if got := configtest.Related(t, res["nomigration"], "Counter"); !reflect.DeepEqual(got, []int{4}) {
		t.Errorf("no migration: related lines %v, want [4] (the binding's class_name)", got)
	}
	if got := configtest.Related(t, res["env"], "staging"); !reflect.DeepEqual(got, []int{9}) {
		t.Errorf("env: related lines %v, want [9] (the env's new_classes entry)", got)
	}
	if got := configtest.Related(t, res["exports"], "legacy-kv"); !reflect.DeepEqual(got, []int{5}) {
		t.Errorf("exports: related lines %v, want [5] (the exports key)", got)
	}
}

func TestDoc(t *testing.T) {
	configtest.CheckDoc(t, sqlonkv.Analyzer)
}
