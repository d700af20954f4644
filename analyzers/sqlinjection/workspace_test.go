package sqlinjection_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/sqlinjection"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// The class lives in a workspace package whose exports name a dist/ that
// no build has written: the rule still checks it, in its sources.
func TestWorkspacePackage(t *testing.T) {
	ruletest.Run(t, "testdata", sqlinjection.Rule, "workspace")
}
