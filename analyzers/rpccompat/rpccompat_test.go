package rpccompat_test

import (
	"reflect"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/internal/configtest"
	"github.com/dolint-dev/dolint/analyzers/rpccompat"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

func TestRule(t *testing.T) {
	res := ruletest.Run(t, "testdata", rpccompat.Analyzer, "old", "flags", "legacy", "env", "toml")
	// Related: the compatibility_date that turns RPC off, the legacy
	// class's declaration.
	if got := configtest.Related(t, res["flags"], "env off"); !reflect.DeepEqual(got, []int{10}) {
		t.Errorf("flags: related lines %v, want [10] (env off's compatibility_date)", got)
	}
	if got := configtest.Related(t, res["toml"], "COUNTER"); !reflect.DeepEqual(got, []int{3}) {
		t.Errorf("toml: related lines %v, want [3] (compatibility_date in wrangler.toml)", got)
	}
	if got := configtest.Related(t, res["legacy"], "LEGACY"); !reflect.DeepEqual(got, []int{3}) {
		t.Errorf("legacy: related lines %v, want [3] (class Legacy)", got)
	}
}

func TestDoc(t *testing.T) {
	configtest.CheckDoc(t, rpccompat.Analyzer)
}
