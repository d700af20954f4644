package jsrt

import (
	"runtime"
	"runtime/metrics"
	"sort"
	"sync"
	"time"
)

// Memory limits.
//
// goja has no allocation limit, and Go has one heap per process, shared by
// the loops of every Budget. A sampler enforces the limits every
// sampleEvery, in steps from cheap to costly:
//
//  1. The heap's objects, live or not yet swept, are compared with each
//     budget's base (the live heap when it was created) plus its limit. A
//     budget within it is done. One over it is looked at further only once
//     one of its loops has been credited with limit/suspectShare bytes since
//     the budget was last within it or last judged. Go counts allocations
//     per process, not per goroutine, so a task is credited with all that
//     the process allocated while it ran: at least what it allocated. This
//     keeps a loop that spins without allocating from causing collections,
//     and bounds them to one per limit/suspectShare bytes allocated.
//
//  2. A collection is forced, so that garbage does not count: a budget
//     whose live heap is within base+limit is done.
//
//     Before that, a heap more than twice what all budgets allow together
//     is growth that garbage cannot explain: when a single loop runs, it
//     is interrupted at once (see runaway).
//
//  3. The heap profile tells how many live bytes each loop allocated (see
//     owner.go). When the budget's loops own more than its limit, the
//     largest owners are ended until what the others own fits, whether
//     they run or wait. A loop that
//     spins owns none of the growth and is left alone, also while another
//     loop allocates at the same time; a budget whose heap is over only
//     because of another budget's loops ends nothing. Without a profile
//     (runtime.MemProfileRate set to 0) the running loops credited as in
//     step 1 are interrupted instead.
//
// Memory that the host allocates outside the loops' tasks counts in the
// process's heap but in no loop's share. A loop that was ended releases
// its memory once its isolate is dropped.
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
	lastID  uint32
	// alone is the only loop that was running at the previous sample.
	alone *Loop
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
	// 0 is for loops outside any budget.
	sampler.lastID = sampler.lastID%(1<<ownerBits-1) + 1
	l.id = sampler.lastID
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

// checkBudgets stops the loops that grew the heap past their budget. It
// reports false, and ends the sampler, once no budget is open.
func checkBudgets() bool {
	heap, allocs := heapBytes(), allocatedBytes()
	var suspects []*Budget
	sampler.mu.Lock()
	if len(sampler.budgets) == 0 {
		sampler.running = false
		sampler.mu.Unlock()
		return false
	}
	if runaway(heap, allocs) {
		sampler.mu.Unlock()
		return true
	}
	for b := range sampler.budgets {
		// heap counts garbage not yet swept too: when it is within the
		// budget, so is the live heap.
		within := heap <= b.base+b.limit
		suspect := false
		for l := range b.loops {
			credit, _, _ := l.credit(allocs)
			if within {
				l.window = credit
			} else if credit > l.window && credit-l.window >= b.limit/suspectShare {
				suspect = true
			}
		}
		if suspect {
			suspects = append(suspects, b)
		}
	}
	sampler.mu.Unlock()
	if len(suspects) == 0 {
		return true
	}
	runtime.GC()
	live := liveBytes()
	var owners map[uint32]uint64
	profiled := false
	allocs = allocatedBytes()
	sampler.mu.Lock()
	defer sampler.mu.Unlock()
	for _, b := range suspects {
		if live > b.base+b.limit {
			if !profiled {
				// A profile that credits no loop at all is of no use
				// (sampling is off, or the chain could not be read).
				if o, ok := liveByOwner(); ok && len(o) > 0 {
					owners = o
				}
				profiled = true
			}
			b.stop(owners, allocs)
		}
		// Judged: the next verdict waits for as much allocation again.
		for l := range b.loops {
			l.window, _, _ = l.credit(allocs)
		}
	}
	return true
}

// runaway handles a heap far past what every budget allows together (no
// garbage explains that much), or past it and growing by leaps: collecting
// a heap that size takes long enough for a string doubled in place to
// double again, a few times over.
// When a single loop runs, the growth is its own: it is interrupted at once.
// With several running, the process's allocation count cannot tell them
// apart, and the collection and the profile have to. Called with
// sampler.mu held; it reports whether it interrupted a loop.
func runaway(heap, allocs uint64) bool {
	var allowed uint64
	var only *Loop
	var onlyTurn uint64
	var onlyBudget *Budget
	var onlyGrew uint64
	running := 0
	for b := range sampler.budgets {
		allowed = max(allowed, b.base) + b.limit
		for l := range b.loops {
			credit, turn, run := l.credit(allocs)
			// Growth since the last sample, not since the budget was
			// last within its limit: a loop that ran beside one that
			// has since ended was credited with its allocations too.
			grew := credit - min(credit, l.seen)
			l.seen = credit
			if !run {
				continue
			}
			running++
			if grew >= b.limit/suspectShare {
				only, onlyTurn, onlyBudget, onlyGrew = l, turn, b, grew
			}
		}
	}
	// The loop must have run alone since the previous sample too: its
	// growth may otherwise be another's, which ran until just now.
	alone := running == 1 && only != nil && sampler.alone == only
	sampler.alone = nil
	if running == 1 {
		for b := range sampler.budgets {
			for l := range b.loops {
				if _, _, run := l.credit(allocs); run {
					sampler.alone = l
				}
			}
		}
	}
	if !alone {
		return false
	}
	// Far over, or over and growing by half the budget between two
	// samples, which only an allocation the size of the heap does (a
	// string doubled in place): waiting for the collection lets it
	// double again.
	over := heap > 2*allowed || heap > allowed && onlyGrew >= onlyBudget.limit/2
	if !over {
		return false
	}
	only.interrupt(onlyTurn, ErrMemory)
	return true
}

// stop ends the loops of b that hold more than it allows, given the live
// bytes each loop owns: the largest owners first, until what the others
// own fits. Without a profile, it interrupts the running loops credited
// with limit/suspectShare. Called with sampler.mu held, before the windows
// are reset.
func (b *Budget) stop(owners map[uint32]uint64, allocs uint64) {
	if owners == nil {
		for l := range b.loops {
			credit, turn, running := l.credit(allocs)
			if running && credit > l.window && credit-l.window >= b.limit/suspectShare {
				l.interrupt(turn, ErrMemory)
			}
		}
		return
	}
	var total uint64
	loops := make([]*Loop, 0, len(b.loops))
	for l := range b.loops {
		total += owners[l.id]
		loops = append(loops, l)
	}
	sort.Slice(loops, func(i, j int) bool { return owners[loops[i].id] > owners[loops[j].id] })
	for _, l := range loops {
		if total <= b.limit || owners[l.id] == 0 {
			break
		}
		total -= owners[l.id]
		l.condemn()
	}
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

// reserveFloor is the smallest allocation Reserve looks at: below it the
// sampler's bound is tight enough.
const reserveFloor = 1 << 20

// Reserve is called by natives before they allocate n bytes at once: when
// n does not fit in the loop's budget, even after a collection, the task
// ends with ErrMemory before the allocation, so that one call cannot take
// the heap far past the limit (or the process past the machine's memory)
// between two samples.
func (l *Loop) Reserve(n float64) {
	b := l.budget
	if b == nil || n < reserveFloor {
		return
	}
	if n > float64(b.limit) {
		l.condemnNow()
	}
	need := uint64(n)
	if heapBytes()+need <= b.base+b.limit {
		return
	}
	runtime.GC()
	if liveBytes()+need <= b.base+b.limit {
		return
	}
	// What the other budgets' loops hold is theirs: only this budget's
	// loops are charged, as the sampler does. The profile lags a
	// collection or two behind, so it is asked only when there are others.
	sampler.mu.Lock()
	others := len(sampler.budgets) > 1
	sampler.mu.Unlock()
	if !others {
		l.condemnNow()
	}
	if owners, ok := liveByOwner(); ok && len(owners) > 0 {
		var own uint64
		sampler.mu.Lock()
		for o := range b.loops {
			own += owners[o.id]
		}
		sampler.mu.Unlock()
		if own+need <= b.limit {
			return
		}
	}
	l.condemnNow()
}

// growing is called by natives that build values step by step (JSON,
// structured clone) every so many steps: past the budget, the task ends
// there, as Reserve ends it, instead of when the sampler next looks.
func (l *Loop) growing() { l.Reserve(reserveFloor) }

// condemnNow ends the running task, and the loop, with ErrMemory.
func (l *Loop) condemnNow() {
	l.condemned.Store(true)
	Abort(ErrMemory)
}
