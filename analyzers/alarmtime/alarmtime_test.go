package alarmtime_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/alarmtime"
	"github.com/dolint-dev/dolint/analyzers/internal/configtest"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

func TestRule(t *testing.T) {
	ruletest.RunWithFixes(t, "testdata", alarmtime.Analyzer, "basic", "crlf")
}

func TestDoc(t *testing.T) {
	configtest.CheckDoc(t, alarmtime.Analyzer)
}
