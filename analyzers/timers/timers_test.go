package timers_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/internal/configtest"
	"github.com/dolint-dev/dolint/analyzers/timers"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

func TestRule(t *testing.T) {
	ruletest.Run(t, "testdata", timers.Analyzer, "basic", "sleep", "unbound")
}

func TestDoc(t *testing.T) {
	configtest.CheckDoc(t, timers.Analyzer)
}
