package source

import (
	"runtime"
	"sync"
)

// A goroutine starts with a small stack, and the parser's recursion grows
// it by copying, again and again, in every goroutine that parses: over
// the public-repository tier that copying cost a twentieth of the run
// when each module load had a goroutine of its own. Loads of every
// project are therefore queued to a few workers that outlive them and
// keep the stacks they grew.
//
// The queue has no bound, so that a load may queue the loads of its
// imports without waiting. GOMAXPROCS workers keep the processors busy
// with loads, in the order they came, while the projects that are done
// loading run their rules.
var loads struct {
	mu      sync.Mutex
	ready   sync.Cond
	queue   []func()
	head    int
	workers int
}

// spawn queues task for a worker, starting one if fewer than GOMAXPROCS
// are running.
func spawn(task func()) {
	loads.mu.Lock()
	if loads.ready.L == nil {
		loads.ready.L = &loads.mu
	}
	loads.queue = append(loads.queue, task)
	if loads.workers < runtime.GOMAXPROCS(0) {
		loads.workers++
		go work()
	} else {
		loads.ready.Signal()
	}
	loads.mu.Unlock()
}

func work() {
	loads.mu.Lock()
	for {
		for loads.head == len(loads.queue) {
			loads.queue, loads.head = loads.queue[:0], 0
			loads.ready.Wait()
		}
		task := loads.queue[loads.head]
		loads.queue[loads.head] = nil
		loads.head++
		if loads.head >= 1024 && 2*loads.head >= len(loads.queue) {
			// A queue that never runs dry still gives back what it took.
			n := copy(loads.queue, loads.queue[loads.head:])
			clear(loads.queue[n:])
			loads.queue, loads.head = loads.queue[:n], 0
		}
		loads.mu.Unlock()
		task()
		loads.mu.Lock()
	}
}
