package jsrt

import (
	"sync"
	"syscall"
	"time"
	"unsafe"
)

// threadClocks reports whether the kernel offers per-thread CPU clocks
// (sandboxes such as gVisor may not).
var threadClocks = sync.OnceValue(func() bool {
	_, ok := readClock(threadClock(syscall.Gettid()))
	return ok
})

// A thread's CPU clock id, as pthread_getcpuclockid computes it: the
// complemented thread id shifted past the per-thread flag (4) and the clock
// kind (2, scheduler time).
func threadClock(tid int) uintptr { return uintptr(^tid<<3 | 6) }

func readClock(id uintptr) (time.Duration, bool) {
	var ts syscall.Timespec
	_, _, e := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, id, uintptr(unsafe.Pointer(&ts)), 0)
	return time.Duration(ts.Nano()), e == 0
}

// threadCPU returns a clock of the calling thread's CPU time that other
// threads may read, or the wall clock when the kernel does not offer one.
// The caller must be locked to its thread.
func threadCPU() func() time.Duration {
	if !threadClocks() {
		return wallClock()
	}
	id := threadClock(syscall.Gettid())
	return func() time.Duration {
		d, ok := readClock(id)
		if !ok {
			// The thread is gone, so the task it ran has ended.
			return 1<<63 - 1
		}
		return d
	}
}
