package source

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Loads queued while every worker is busy all run, once each, however
// the queue moves them to give back the room of those that ran.
func TestSpawnRunsEveryTask(t *testing.T) {
	busy := runtime.GOMAXPROCS(0)
	release := make(chan struct{})
	var started, done sync.WaitGroup
	started.Add(busy)
	done.Add(busy)
	for range busy {
		spawn(func() {
			started.Done()
			<-release
			done.Done()
		})
	}
	started.Wait()
	const n = 5000
	var ran [n]atomic.Int32
	done.Add(n)
	for i := range n {
		spawn(func() {
			ran[i].Add(1)
			done.Done()
		})
	}
	close(release)
	finished := make(chan struct{})
	go func() { done.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(time.Minute):
		t.Fatal("queued tasks did not all run")
	}
	for i := range ran {
		if got := ran[i].Load(); got != 1 {
			t.Fatalf("task %d ran %d times", i, got)
		}
	}
}
