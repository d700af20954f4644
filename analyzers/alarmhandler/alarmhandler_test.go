package alarmhandler_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/alarmhandler"
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
//   - The handler is whatever the constructed object has: setAlarm in
//     fetch succeeds when the constructor ran this.alarm = fn,
//     Object.defineProperty(this, "alarm", ...) or a helper that sets
//     o.alarm on the object handed to it, and when the module ran
//     K.prototype.alarm = fn. An alarm assigned only later, in fetch
//     itself, does not count: setAlarm still throws. dolint cannot tell
//     when a method runs, so it is silent about all of these.
func TestRule(t *testing.T) {
	ruletest.Run(t, "testdata", alarmhandler.Rule, "basic", "inherited", "runtime")
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, alarmhandler.Rule)
}
