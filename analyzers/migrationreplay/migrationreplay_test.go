package migrationreplay_test

import (
	"slices"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/internal/configtest"
	"github.com/dolint-dev/dolint/analyzers/migrationreplay"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

func TestRule(t *testing.T) {
	res := ruletest.Run(t, "testdata", migrationreplay.Analyzer, "jsonc", "jsonc_ok", "jsonc_transfer", "toml", "toml_ok")
	for _, c := range []struct {
		cas, finding string
		related      []int
	}{
		{"jsonc", "existing class Counter (migrations[1])", []int{6}},
		{"jsonc", "non-existent class Ghost", nil},
	} {
		if got := configtest.Related(t, res[c.cas], c.finding); !slices.Equal(got, c.related) {
			t.Errorf("%s: related locations of %q on lines %v, want %v", c.cas, c.finding, got, c.related)
		}
	}
}

func TestDoc(t *testing.T) {
	configtest.CheckDoc(t, migrationreplay.Analyzer)
}
