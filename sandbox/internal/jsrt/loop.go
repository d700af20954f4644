// Package jsrt runs JavaScript on goja with an event loop, resource limits
// and the Web platform APIs a Worker expects.
package jsrt

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dop251/goja"
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
}

// Loop is one isolate: a goja runtime owned by a single goroutine. All
// access to VM happens inside tasks.
type Loop struct {
	VM *goja.Runtime

	cpu   time.Duration
	tasks chan task
	held  []task
	gate  int
	busy  atomic.Bool
	// closed is set and quit closed by Stop. tasks is never closed, since
	// other goroutines may be sending; posting counts the Posts under way,
	// so that the loop knows when no task can arrive any more.
	closed  atomic.Bool
	quit    chan struct{}
	posting atomic.Int64
	done    chan struct{}
	once    sync.Once

	// OnTurnEnd runs after each task once microtasks have drained.
	OnTurnEnd func()
	// OnFatal is called (on the loop goroutine) when a limit ends the
	// isolate; the loop stops afterwards.
	OnFatal func(error)

	fatal error
}

// NewLoop creates a loop whose tasks may each run for at most cpu.
func NewLoop(cpu time.Duration, maxStack int) *Loop {
	vm := goja.New()
	vm.SetMaxCallStackSize(maxStack)
	l := &Loop{VM: vm, cpu: cpu, tasks: make(chan task, 256), quit: make(chan struct{}), done: make(chan struct{})}
	registerLoop(l)
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
		unregisterLoop(l)
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
		if err := l.exec(t); err != nil {
			l.fatal = err
			if l.OnFatal != nil {
				l.OnFatal(err)
			}
			l.Stop()
			l.drain()
			return
		}
		if l.closed.Load() {
			l.drain()
			return
		}
	}
}

// exec runs one task with the CPU watchdog armed, converting limit
// violations into errors.
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
	l.VM.ClearInterrupt()
	l.busy.Store(true)
	timer := time.AfterFunc(l.cpu, func() { l.VM.Interrupt(ErrCPU) })
	defer func() {
		timer.Stop()
		l.busy.Store(false)
		if r := recover(); r != nil {
			err = limitError(r)
			if err == nil {
				err = fmt.Errorf("internal error: %v", r)
			}
		}
	}()
	fn()
	if l.OnTurnEnd != nil {
		l.OnTurnEnd()
	}
	return nil
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

// memory watchdog: goja has no allocation limit, so the heap is sampled and
// busy isolates are interrupted when it grows past the cap.
var (
	loopsMu sync.Mutex
	loops   = map[*Loop]bool{}
)

func registerLoop(l *Loop) {
	loopsMu.Lock()
	loops[l] = true
	loopsMu.Unlock()
}

func unregisterLoop(l *Loop) {
	loopsMu.Lock()
	delete(loops, l)
	loopsMu.Unlock()
}

// InterruptBusy interrupts every loop currently running a task.
func InterruptBusy(err error) int {
	loopsMu.Lock()
	defer loopsMu.Unlock()
	n := 0
	for l := range loops {
		if l.busy.Load() {
			l.VM.Interrupt(err)
			n++
		}
	}
	return n
}
