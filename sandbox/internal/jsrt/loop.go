// Package jsrt runs JavaScript on goja with an event loop, resource limits
// and the Web platform APIs a Worker expects.
package jsrt

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dop251/goja"

	"github.com/dolint-dev/dolint/sandbox/internal/clone"
)

// Limit errors. Their text is what the caller of the event sees.
var (
	ErrCPU     = errors.New("Worker exceeded CPU time limit.")
	ErrMemory  = errors.New("Worker exceeded memory limit.")
	ErrStack   = errors.New("RangeError: Maximum call stack size exceeded")
	ErrStopped = errors.New("Durable Object was reset.")
)

type task struct {
	fn    func()
	event bool
	// cpu replaces Limits.CPU for this task when it is not 0.
	cpu time.Duration
}

// Limits bound each task a Loop runs.
type Limits struct {
	// CPU is the processor time one task may use; see exec.
	CPU time.Duration
	// MaxCallStack is goja's call depth limit.
	MaxCallStack int
	// Memory is the heap allowance the loop shares with others; nil leaves
	// the heap unbounded.
	Memory *Budget
	// MaxNesting bounds the depth of the values that natives walk
	// recursively (structured clone, a JSON reviver or replacer); 0 means
	// clone.DefaultMaxDepth. Past it they throw V8's RangeError.
	MaxNesting int
}

// Loop is one isolate: a goja runtime owned by a single goroutine. All
// access to VM happens inside tasks.
type Loop struct {
	VM *goja.Runtime

	cpu     time.Duration
	nesting int
	budget  *Budget
	id      uint32 // the owner of what the loop's tasks allocate
	// condemned is set when the loop holds more of its budget than it may:
	// the loop ends with ErrMemory before its next task.
	condemned atomic.Bool
	tasks     chan task
	held      []task
	gate      int
	// closed is set and quit closed by Stop. tasks is never closed, since
	// other goroutines may be sending; posting counts the Posts under way,
	// so that the loop knows when no task can arrive any more.
	closed  atomic.Bool
	quit    chan struct{}
	posting atomic.Int64
	done    chan struct{}
	once    sync.Once

	// mu orders the start and end of a task against the watchdogs that
	// interrupt it, so that an interrupt meant for one task never lands in
	// the next.
	mu      sync.Mutex
	turn    uint64 // tasks started
	running bool
	timer   *time.Timer
	// used and usedAt read the running task's CPU time (see TaskCPU);
	// only the loop goroutine touches them.
	used      func() time.Duration
	usedAt    time.Duration
	allocAt   uint64 // process allocation count when the task started
	allocated uint64 // bytes credited to the loop's finished tasks
	// window is allocated (plus the running task's credit) when the heap
	// was last seen within the budget; only the memory sampler uses it.
	window uint64
	// seen is the credit at the sampler's previous look (see runaway).
	seen uint64

	// halted holds the limit error the running task was interrupted with,
	// for native code that polls (see Poll); goja checks its own flag only
	// between instructions, never inside a native call.
	halted atomic.Pointer[error]

	// OnTurnEnd runs after each task once microtasks have drained.
	OnTurnEnd func()
	// OnFatal is called (on the loop goroutine) when a limit ends the
	// isolate; the loop stops afterwards.
	OnFatal func(error)

	fatal error
}

// NewLoop creates a loop whose tasks are bounded by lim.
func NewLoop(lim Limits) *Loop {
	vm := goja.New()
	vm.SetMaxCallStackSize(lim.MaxCallStack)
	SetMatchTimeout(lim.CPU)
	if lim.MaxNesting <= 0 {
		lim.MaxNesting = clone.DefaultMaxDepth
	}
	l := &Loop{VM: vm, cpu: lim.CPU, nesting: lim.MaxNesting, budget: lim.Memory, tasks: make(chan task, 256), quit: make(chan struct{}), done: make(chan struct{})}
	if l.budget != nil {
		l.budget.add(l)
	}
	go l.run()
	return l
}

// Post queues fn. Events (new requests, calls, messages) are held while a
// critical section is open; continuations are not. Safe from any goroutine.
func (l *Loop) Post(fn func(), event bool) bool {
	l.posting.Add(1)
	defer l.posting.Add(-1)
	if l.closed.Load() {
		return false
	}
	select {
	case l.tasks <- task{fn: fn, event: event}:
		return true
	case <-l.quit:
		return false
	}
}

// PostBounded queues fn, not an event, with its own CPU limit in place of
// Limits.CPU: the first turn of an isolate, which evaluates the whole
// module graph, may deserve more than each later turn. Safe from any
// goroutine.
func (l *Loop) PostBounded(fn func(), cpu time.Duration) bool {
	l.posting.Add(1)
	defer l.posting.Add(-1)
	if l.closed.Load() {
		return false
	}
	select {
	case l.tasks <- task{fn: fn, cpu: cpu}:
		return true
	case <-l.quit:
		return false
	}
}

// TaskCPU is the processor time the running task has used so far; it is
// called from inside a task.
func (l *Loop) TaskCPU() time.Duration {
	if l.used == nil {
		return 0
	}
	return l.used() - l.usedAt
}

// Gate opens (+1) or closes (-1) a critical section (the input gate).
func (l *Loop) Gate(delta int) { l.gate += delta }

// Gated reports whether a critical section is open.
func (l *Loop) Gated() bool { return l.gate > 0 }

// Done is closed when the loop has stopped.
func (l *Loop) Done() <-chan struct{} { return l.done }

// Stop ends the loop after the current task. Safe from any goroutine.
func (l *Loop) Stop() {
	l.once.Do(func() {
		l.closed.Store(true)
		close(l.quit)
	})
}

// drain runs the tasks posted before Stop, once no Post is under way; a
// Post that starts later sees closed and fails.
func (l *Loop) drain() {
	for {
		select {
		case t := <-l.tasks:
			l.exec(t)
			continue
		default:
		}
		if l.posting.Load() == 0 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	for {
		select {
		case t := <-l.tasks:
			l.exec(t)
		default:
			return
		}
	}
}

// Fatal reports the limit error that stopped the loop, if any.
func (l *Loop) Fatal() error { return l.fatal }

func (l *Loop) run() {
	defer func() {
		if l.budget != nil {
			l.budget.remove(l)
		}
		close(l.done)
	}()
	for {
		var t task
		if l.gate == 0 && len(l.held) > 0 {
			t, l.held = l.held[0], l.held[1:]
		} else {
			select {
			case t = <-l.tasks:
			case <-l.quit:
				l.drain()
				return
			}
			if t.event && l.gate > 0 {
				l.held = append(l.held, t)
				continue
			}
		}
		if l.condemned.Load() && !l.closed.Load() {
			// Ended between tasks: t goes the way of the tasks posted
			// after the end.
			l.end(ErrMemory)
			l.exec(t)
			l.drain()
			return
		}
		if err := l.exec(t); err != nil {
			l.end(err)
			l.drain()
			return
		}
		if l.closed.Load() {
			l.drain()
			return
		}
	}
}

// end stops the loop for a limit error.
func (l *Loop) end(err error) {
	l.fatal = err
	if l.OnFatal != nil {
		l.OnFatal(err)
	}
	l.Stop()
}

// exec runs one task with the watchdogs armed, converting limit violations
// into errors.
//
// The CPU limit counts the processor time of the thread running the task,
// not the time on the wall clock: a busy machine stretches a task's wall
// time, not the work it does, and workerd bounds the work. The goroutine is
// locked to its thread for the task so that the thread's clock is the
// task's. The timer first fires when the limit has passed on the wall clock
// (the thread cannot have used more by then) and then again for whatever
// the thread still has left, until the thread has used it all. Where no
// thread clock can be read, the wall clock is the measure.
func (l *Loop) exec(t task) (err error) {
	fn := t.fn
	if l.closed.Load() {
		// Stopped: events still run so they can hand themselves to a new
		// isolate; continuations belong to the dead one and are dropped.
		if t.event {
			defer func() { recover() }()
			fn()
		}
		return nil
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	used := threadCPU()
	start := used()
	l.used, l.usedAt = used, start
	limit := l.cpu
	if t.cpu > 0 {
		limit = t.cpu
	}
	l.mu.Lock()
	l.turn++
	turn := l.turn
	l.running = true
	l.allocAt = allocatedBytes()
	l.VM.ClearInterrupt()
	l.halted.Store(nil)
	if l.condemned.Load() {
		// Condemned since run looked.
		l.halt(ErrMemory)
	}
	l.timer = time.AfterFunc(limit, func() { l.checkCPU(turn, limit, used, start) })
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		l.running = false
		l.timer.Stop()
		l.allocated += allocatedBytes() - l.allocAt
		l.mu.Unlock()
		if r := recover(); r != nil {
			err = limitError(r)
			if err == nil {
				err = fmt.Errorf("internal error: %v", r)
			}
		}
	}()
	runAs(l.id, func() {
		fn()
		if l.OnTurnEnd != nil {
			l.OnTurnEnd()
		}
	})
	return nil
}

// checkCPU runs when task turn may have used up its CPU time: it interrupts
// the task, or sets the timer again for the time the task has left.
func (l *Loop) checkCPU(turn uint64, limit time.Duration, used func() time.Duration, start time.Duration) {
	spent := used() - start
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.running || l.turn != turn {
		return
	}
	if left := limit - spent; left > 0 {
		l.timer.Reset(left)
		return
	}
	l.halt(ErrCPU)
}

// halt interrupts the running task with err: JavaScript at its next
// instruction, native code at its next Poll. Called with l.mu held.
func (l *Loop) halt(err error) {
	l.halted.Store(&err)
	l.VM.Interrupt(err)
}

// Halted reports the limit error the running task was interrupted with, or
// nil. Safe from any goroutine.
func (l *Loop) Halted() error {
	if p := l.halted.Load(); p != nil {
		return *p
	}
	return nil
}

// Poll ends the running task if a limit interrupted it. Natives that loop
// over user data call it as they go, so that a limit reached inside them
// takes effect there rather than when they return.
func (l *Loop) Poll() {
	if p := l.halted.Load(); p != nil {
		Abort(*p)
	}
}

// condemn ends the loop for ErrMemory: its running task is interrupted;
// a waiting loop is woken by an empty task, so that it ends and frees its
// memory now rather than at its next event.
func (l *Loop) condemn() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.condemned.Store(true)
	if l.running {
		l.halt(ErrMemory)
		return
	}
	go l.Post(func() {}, false)
}

// interrupt stops task turn with err if it is still running.
func (l *Loop) interrupt(turn uint64, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.running && l.turn == turn {
		l.halt(err)
	}
}

// limitError maps goja's uncatchable errors to the limit that caused them.
func limitError(r any) error {
	switch e := r.(type) {
	case *goja.InterruptedError:
		if v, ok := e.Value().(error); ok {
			return v
		}
		return ErrCPU
	case *goja.StackOverflowError:
		return ErrStack
	case error:
		return e
	}
	return nil
}

// Check converts an error returned by goja (from a Callable or RunProgram)
// into a limit error that must end the isolate, or nil if it is an ordinary
// JavaScript exception.
func Check(err error) error {
	switch e := err.(type) {
	case *goja.InterruptedError:
		if v, ok := e.Value().(error); ok {
			return v
		}
		return ErrCPU
	case *goja.StackOverflowError:
		return ErrStack
	}
	return nil
}

// Abort panics out of the current task with a limit error; exec recovers it.
func Abort(err error) { panic(err) }
