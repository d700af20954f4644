package store

import (
	"sync/atomic"
	"testing"
	"time"
)

// An endless recursive query stops soon after halt turns true, and the
// database works normally afterwards.
func TestHaltEndsRunawayQuery(t *testing.T) {
	d, err := Open("")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var stop atomic.Bool
	d.SetHalt(stop.Load)
	time.AfterFunc(100*time.Millisecond, func() { stop.Store(true) })
	start := time.Now()
	_, err = d.Exec("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c", nil)
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the query ran %v after halt", took)
	}
	if err == nil || err.Error() != "interrupted: SQLITE_INTERRUPT" {
		t.Fatalf("err = %v, want SQLITE_INTERRUPT", err)
	}
	stop.Store(false)
	d.Rollback()
	cu := mustExec(t, d, "SELECT 1 + 1")
	if rows := drainAll(t, cu); len(rows) != 1 || rows[0][0] != int64(2) {
		t.Errorf("after the halt: %v", rows)
	}
}
