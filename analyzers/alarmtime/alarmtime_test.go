package alarmtime_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/alarmtime"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// Observed with miniflare 4.20260426.0 (workerd 2026-04-26), a class with
// an alarm() handler: setAlarm(60000) succeeds, getAlarm() then returns the
// current time (the past is clamped to now), and alarm() ran 4 ms later;
// setAlarm(new Date(60000)) behaves the same. setAlarm(0), setAlarm(-5),
// setAlarm(new Date(0)), setAlarm(0.5), setAlarm(0.99999) and
// setAlarm(-0.5) throw "TypeError: setAlarm() cannot be called with an
// alarm time <= 0"; setAlarm(1) and setAlarm(1.5) are accepted.
func TestRule(t *testing.T) {
	ruletest.RunWithFixes(t, "testdata", alarmtime.Rule, "basic", "crlf")
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, alarmtime.Rule)
}
