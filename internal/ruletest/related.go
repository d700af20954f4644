package ruletest

import (
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/internal/driver"
)

// Related finds the one diagnostic of res whose message contains substr
// and returns the lines of its related locations, in order. want comments
// cannot express related locations, so tests check them through this.
func Related(t *testing.T, res *driver.Result, substr string) []int {
	t.Helper()
	var found *driver.Diagnostic
	for i, d := range res.Diagnostics {
		if strings.Contains(d.Message, substr) {
			if found != nil {
				t.Fatalf("more than one finding contains %q", substr)
			}
			found = &res.Diagnostics[i]
		}
	}
	if found == nil {
		t.Fatalf("no finding contains %q", substr)
	}
	var lines []int
	for _, r := range found.Related {
		lines = append(lines, res.Position(r.Pos).Line)
	}
	return lines
}
