package jsrt

import (
	"runtime"
	"runtime/metrics"
	"sync"
	"time"
)

// Memory limits.
//
// goja has no allocation limit and Go has one heap per process, so the
// limit is enforced by a sampler: every sampleEvery it compares the heap
// with each Budget and stops the loops that grew it. Two measures make the
// verdict independent of timing and of what else the process runs:
//
//   - Garbage does not count. The heap is compared with the budget only
//     after a forced collection, against the live heap measured (also after
//     a collection) when the budget was created.
//
//   - Only a loop that allocates is stopped. Go counts allocations per
//     process, not per goroutine, so each task is credited with the bytes
//     the process allocated while it ran (read when it starts, when it ends
//     and, while it runs, by the sampler). Since the heap was last seen
//     within the budget, a loop must have been credited with at least
//     limit/suspectShare bytes, and be running now, to be stopped. A loop
//     that spins without allocating collects only the host's small
//     allocations and is left alone; the loop that pushes the heap past the
//     limit is credited with at least what it added. When several loops run
//     at once each is credited with all that was allocated meanwhile, as
//     which of them allocated cannot be told; each that passes the bar is
//     stopped.
//
// A loop that holds memory but is not running is not stopped: its memory
// counts against the loops that run next, since they share the heap. A loop
// that was stopped releases its memory once its isolate is dropped.
const (
	sampleEvery  = 10 * time.Millisecond
	suspectShare = 8
)

// Budget is a heap allowance shared by a group of loops: one Worker and
// its Durable Objects.
type Budget struct {
	limit uint64
	base  uint64
	loops map[*Loop]bool // guarded by sampler.mu
}

var sampler struct {
	mu      sync.Mutex
	budgets map[*Budget]bool
	running bool
}

// NewBudget lets the loops that use it grow the live heap by limit bytes
// over its size now. Close releases it.
func NewBudget(limit uint64) *Budget {
	runtime.GC()
	b := &Budget{limit: limit, base: liveBytes(), loops: map[*Loop]bool{}}
	sampler.mu.Lock()
	defer sampler.mu.Unlock()
	if sampler.budgets == nil {
		sampler.budgets = map[*Budget]bool{}
	}
	sampler.budgets[b] = true
	if !sampler.running {
		sampler.running = true
		go sample()
	}
	return b
}

// Close stops watching the budget's loops.
func (b *Budget) Close() {
	sampler.mu.Lock()
	delete(sampler.budgets, b)
	sampler.mu.Unlock()
}

func (b *Budget) add(l *Loop) {
	sampler.mu.Lock()
	b.loops[l] = true
	sampler.mu.Unlock()
}

func (b *Budget) remove(l *Loop) {
	sampler.mu.Lock()
	delete(b.loops, l)
	sampler.mu.Unlock()
}

// sample runs while any budget is open.
func sample() {
	t := time.NewTicker(sampleEvery)
	defer t.Stop()
	for range t.C {
		if !checkBudgets() {
			return
		}
	}
}

type suspect struct {
	l    *Loop
	turn uint64
}

// checkBudgets stops the loops that grew the heap past their budget. It
// reports false, and ends the sampler, once no budget is open.
func checkBudgets() bool {
	heap, allocs := heapBytes(), allocatedBytes()
	over := map[*Budget][]suspect{}
	sampler.mu.Lock()
	if len(sampler.budgets) == 0 {
		sampler.running = false
		sampler.mu.Unlock()
		return false
	}
	for b := range sampler.budgets {
		// heap counts garbage not yet swept too: when it is within the
		// budget, so is the live heap.
		within := heap <= b.base+b.limit
		for l := range b.loops {
			credit, turn, running := l.credit(allocs)
			if within {
				l.window = credit
			} else if running && credit > l.window && credit-l.window >= b.limit/suspectShare {
				over[b] = append(over[b], suspect{l, turn})
			}
		}
	}
	sampler.mu.Unlock()
	if len(over) == 0 {
		return true
	}
	runtime.GC()
	live := liveBytes()
	allocs = allocatedBytes()
	sampler.mu.Lock()
	defer sampler.mu.Unlock()
	for b, ss := range over {
		if live <= b.base+b.limit {
			// It was garbage: start counting afresh.
			for l := range b.loops {
				l.window, _, _ = l.credit(allocs)
			}
			continue
		}
		for _, s := range ss {
			s.l.interrupt(s.turn, ErrMemory)
		}
	}
	return true
}

// credit returns the bytes credited to l so far, counting its running task
// up to allocs, and which task runs.
func (l *Loop) credit(allocs uint64) (credit, turn uint64, running bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	credit = l.allocated
	if l.running && allocs > l.allocAt {
		credit += allocs - l.allocAt
	}
	return credit, l.turn, l.running
}

func readMetric(name string) uint64 {
	s := []metrics.Sample{{Name: name}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// allocatedBytes is the count of bytes the process has allocated so far.
func allocatedBytes() uint64 { return readMetric("/gc/heap/allocs:bytes") }

// heapBytes is the heap's objects, live or not yet swept.
func heapBytes() uint64 { return readMetric("/memory/classes/heap/objects:bytes") }

// liveBytes is the heap the last collection found live.
func liveBytes() uint64 { return readMetric("/gc/heap/live:bytes") }
