package deleteall_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/deleteall"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// Observed with miniflare 4.20260426.0 (workerd 2026-04-26): an object
// that puts a key, calls setAlarm(Date.now() + 1000) and then deleteAll()
// still reports the alarm's time from getAlarm() at compatibility_date
// 2026-02-23, and alarm() ran about a second later; at 2026-02-24
// getAlarm() returns null right after deleteAll() and alarm() never ran
// (checked 1.8 s later). The "delete_all_deletes_alarm" flag at 2026-02-23
// behaves as 2026-02-24, and "delete_all_preserves_alarm" at 2026-02-24 as
// 2026-02-23. deleteAlarm() before deleteAll() leaves getAlarm() null and
// alarm() not run at every setting.
func TestRule(t *testing.T) {
	ruletest.RunWithFixes(t, "testdata", deleteall.Rule, "basic", "newdate", "preserve", "nodate")
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, deleteall.Rule)
}
