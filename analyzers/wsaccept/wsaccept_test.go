package wsaccept_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/internal/configtest"
	"github.com/dolint-dev/dolint/analyzers/wsaccept"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

func TestRule(t *testing.T) {
	ruletest.RunWithFixes(t, "testdata", wsaccept.Analyzer, "basic", "nomove", "js", "crlf", "regress_helper_method")
}

func TestDoc(t *testing.T) {
	configtest.CheckDoc(t, wsaccept.Analyzer)
}
