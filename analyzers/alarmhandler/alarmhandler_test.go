package alarmhandler_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/alarmhandler"
	"github.com/dolint-dev/dolint/analyzers/internal/configtest"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

func TestRule(t *testing.T) {
	ruletest.Run(t, "testdata", alarmhandler.Analyzer, "basic", "inherited")
}

func TestDoc(t *testing.T) {
	configtest.CheckDoc(t, alarmhandler.Analyzer)
}
