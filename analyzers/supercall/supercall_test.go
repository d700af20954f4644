package supercall_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/internal/configtest"
	"github.com/dolint-dev/dolint/analyzers/supercall"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

func TestRule(t *testing.T) {
	ruletest.RunWithFixes(t, "testdata", supercall.Analyzer, "basic", "nofix", "js", "crlf")
}

func TestDoc(t *testing.T) {
	configtest.CheckDoc(t, supercall.Analyzer)
}
