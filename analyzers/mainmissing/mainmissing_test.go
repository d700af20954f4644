package mainmissing_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/mainmissing"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// Observed offline with wrangler deploy --dry-run 4.86.0 and 4.164.0, and
// wrangler dev 4.86.0, on
// this rule's bad example: "✘ [ERROR] The entry-point file at
// "dist/index.js" was not found.", then a hint to run the project's build
// command, and exit code 1.
func TestRule(t *testing.T) {
	ruletest.Run(t, "testdata", mainmissing.Rule, "dist", "env_main", "ok", "no_main")
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, mainmissing.Rule)
}
