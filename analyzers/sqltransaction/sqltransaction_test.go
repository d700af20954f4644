package sqltransaction_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/internal/configtest"
	"github.com/dolint-dev/dolint/analyzers/sqltransaction"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

func TestRule(t *testing.T) {
	ruletest.RunWithFixes(t, "testdata", sqltransaction.Analyzer, "basic", "fix", "crlf")
}

func TestDoc(t *testing.T) {
	configtest.CheckDoc(t, sqltransaction.Analyzer)
}
