package duplicatebinding_test

import (
	"slices"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/duplicatebinding"
	"github.com/dolint-dev/dolint/analyzers/internal/configtest"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

func TestRule(t *testing.T) {
	res := ruletest.Run(t, "testdata", duplicatebinding.Analyzer, "jsonc_dup", "jsonc_ok", "toml_dup", "toml_ok")
	for _, c := range []struct {
		cas, finding string
		related      []int
	}{
		{"toml_dup", "binding ROOM is already declared", []int{5}},
		{"toml_dup", "binding PRESENCE in env.staging", []int{18}},
	} {
		if got := configtest.Related(t, res[c.cas], c.finding); !slices.Equal(got, c.related) {
			t.Errorf("%s: related locations of %q on lines %v, want %v", c.cas, c.finding, got, c.related)
		}
	}
}

func TestDoc(t *testing.T) {
	configtest.CheckDoc(t, duplicatebinding.Analyzer)
}
