package alarmhandler_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/alarmhandler"
	"github.com/dolint-dev/dolint/analyzers/internal/configtest"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// Observed with miniflare 4.20260426.0 (workerd 2026-04-26), a class
// extending DurableObject without alarm():
//   - await this.ctx.storage.setAlarm(Date.now() + 1000) in fetch, and
//     txn.setAlarm(...) inside storage.transaction, throw "TypeError: Your
//     Durable Object class must have an alarm() handler in order to call
//     setAlarm()".
//   - ctx.storage.setAlarm(Date.now() + 200) in the constructor does not
//     throw and getAlarm() returns the time; when it fires workerd prints
//     "Attempted to run a scheduled alarm without a handler, did you remember
//     to export an alarm() function?" once, and 3 s later getAlarm() is null
//     with no second attempt.
func TestRule(t *testing.T) {
	ruletest.Run(t, "testdata", alarmhandler.Analyzer, "basic", "inherited")
}

func TestDoc(t *testing.T) {
	configtest.CheckDoc(t, alarmhandler.Analyzer)
}
