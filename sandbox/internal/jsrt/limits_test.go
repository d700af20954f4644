package jsrt

import (
	"runtime"
	"strconv"
	"testing"
	"time"
)

// run evaluates src as one task of l and returns its error: a limit error
// if a limit ended the loop.
func run(l *Loop, src string) error {
	errc := make(chan error, 1)
	if !l.Post(func() {
		_, err := l.VM.RunString(src)
		if lim := Check(err); lim != nil {
			Abort(lim)
		}
		errc <- err
	}, false) {
		return ErrStopped
	}
	select {
	case err := <-errc:
		return err
	case <-l.Done():
		return l.Fatal()
	}
}

// start evaluates src as one task of l without waiting for it.
func start(l *Loop, src string) <-chan error {
	errc := make(chan error, 1)
	go func() { errc <- run(l, src) }()
	return errc
}

func wait(t *testing.T, errc <-chan error, what string) error {
	t.Helper()
	select {
	case err := <-errc:
		return err
	case <-time.After(time.Minute):
		t.Fatalf("%s: still running after a minute", what)
		return nil
	}
}

const (
	spin = `while (true) {}`
	// bomb keeps 1 MiB strings until it is stopped.
	bomb = `const s = "x".repeat(1 << 20), a = []; while (true) a.push(s + a.length);`
)

func TestCPUCountsThreadTime(t *testing.T) {
	if !threadClocks() {
		t.Skip("no thread CPU clock here: the CPU limit is measured on the wall clock")
	}
	l := NewLoop(Limits{CPU: 200 * time.Millisecond, MaxCallStack: 100})
	defer l.Stop()
	// Waiting is not working: a task that blocks for longer than its CPU
	// time and then runs JavaScript again is not stopped.
	l.VM.Set("block", func() { time.Sleep(600 * time.Millisecond) })
	if err := run(l, `block(); let n = 0; for (let i = 0; i < 1000; i++) n += i; n`); err != nil {
		t.Fatalf("blocking task: %v", err)
	}
	if err := run(l, spin); err != ErrCPU {
		t.Fatalf("spinning task: %v, want %v", err, ErrCPU)
	}
}

// The loop that allocates is stopped, not one that spins at the same time,
// whether or not they share a budget.
func TestMemoryStopsTheAllocatingLoop(t *testing.T) {
	for _, shared := range []bool{true, false} {
		b := NewBudget(32 << 20)
		other := b
		if !shared {
			// A smaller budget, exceeded first by the process's heap.
			other = NewBudget(16 << 20)
		}
		spinner := NewLoop(Limits{CPU: time.Second, MaxCallStack: 100, Memory: other})
		bomber := NewLoop(Limits{CPU: time.Minute, MaxCallStack: 100, Memory: b})
		spun := start(spinner, spin)
		time.Sleep(50 * time.Millisecond)
		if err := wait(t, start(bomber, bomb), "bomb"); err != ErrMemory {
			t.Errorf("shared budget %v: bomb: %v, want %v", shared, err, ErrMemory)
		}
		if err := wait(t, spun, "spin"); err != ErrCPU {
			t.Errorf("shared budget %v: spin: %v, want %v", shared, err, ErrCPU)
		}
		b.Close()
		other.Close()
	}
}

// A loop that holds most of the budget is ended, though it waits, when
// another one pushes the heap past the limit; the other keeps running.
func TestMemoryEndsTheLargestOwner(t *testing.T) {
	b := NewBudget(32 << 20)
	defer b.Close()
	holder := NewLoop(Limits{CPU: time.Minute, MaxCallStack: 100, Memory: b})
	grower := NewLoop(Limits{CPU: time.Minute, MaxCallStack: 100, Memory: b})
	defer grower.Stop()
	keep := func(mib int) string {
		return `globalThis.kept = globalThis.kept || []; { const s = "x".repeat(1 << 20); for (let i = 0; i < ` +
			strconv.Itoa(mib) + `; i++) kept.push(s + i); }`
	}
	if err := run(holder, keep(24)); err != nil {
		t.Fatal(err)
	}
	// The grower goes on growing, a MiB a task, as a busy object would, until
	// the holder ends: the heap is judged as allocation goes on.
	ended := false
	for i := 0; i < 40 && !ended; i++ {
		if err := run(grower, keep(1)); err != nil {
			t.Fatalf("grower, task %d: %v", i, err)
		}
		select {
		case <-holder.Done():
			ended = true
		case <-time.After(20 * time.Millisecond):
		}
	}
	if !ended {
		t.Fatal("the holder still runs")
	}
	if err := holder.Fatal(); err != ErrMemory {
		t.Errorf("holder ended with %v, want %v", err, ErrMemory)
	}
	if err := run(grower, `kept.length`); err != nil {
		t.Errorf("grower's next task: %v", err)
	}
}

func TestOwnerOfLiveMemory(t *testing.T) {
	var kept [][]byte
	runAs(77, func() {
		// Allocations this large are all in the profile.
		for i := 0; i < 4; i++ {
			kept = append(kept, make([]byte, 4<<20))
		}
	})
	runtime.GC()
	owners, ok := liveByOwner()
	if !ok {
		t.Fatal("no heap profile")
	}
	if got := owners[77]; got < 16<<20 || got > 17<<20 {
		t.Errorf("owner 77 holds %d bytes, want 16 MiB", got)
	}
	runtime.KeepAlive(kept)
}

// With heap profiling off, the loop credited with the allocation is still
// stopped.
func TestMemoryWithoutProfile(t *testing.T) {
	defer func(rate int) { runtime.MemProfileRate = rate }(runtime.MemProfileRate)
	runtime.MemProfileRate = 0
	if _, ok := liveByOwner(); ok {
		t.Fatal("a profile with sampling off")
	}
	b := NewBudget(32 << 20)
	defer b.Close()
	l := NewLoop(Limits{CPU: time.Minute, MaxCallStack: 100, Memory: b})
	if err := wait(t, start(l, bomb), "bomb"); err != ErrMemory {
		t.Errorf("bomb: %v, want %v", err, ErrMemory)
	}
}
