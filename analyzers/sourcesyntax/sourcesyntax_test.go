package sourcesyntax_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/sourcesyntax"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// Observed offline with wrangler deploy --dry-run 4.86.0 and 4.164.0 on
// this rule's bad example: esbuild stops the bundle with "✘ [ERROR] Build
// failed with 1 error:" / "Expected ")" but found ";"" at src/index.ts:4:28,
// exit code 1.
func TestRule(t *testing.T) {
	ruletest.Run(t, "testdata", sourcesyntax.Rule, "broken", "ok")
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, sourcesyntax.Rule)
}
