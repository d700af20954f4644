package jsrt

import (
	"syscall"
	"time"
	"unsafe"
)

// threadCPU returns a clock of the calling thread's CPU time that other
// threads may read, or the wall clock when the kernel does not offer one.
// The caller must be locked to its thread.
func threadCPU() func() time.Duration {
	// A thread's CPU clock id, as pthread_getcpuclockid computes it: the
	// complemented thread id shifted past the per-thread flag (4) and the
	// clock kind (2, scheduler time).
	id := uintptr(^syscall.Gettid()<<3 | 6)
	read := func() (time.Duration, bool) {
		var ts syscall.Timespec
		_, _, e := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, id, uintptr(unsafe.Pointer(&ts)), 0)
		return time.Duration(ts.Nano()), e == 0
	}
	if _, ok := read(); !ok {
		return wallClock()
	}
	return func() time.Duration {
		d, ok := read()
		if !ok {
			// The thread is gone, so the task it ran has ended.
			return 1<<63 - 1
		}
		return d
	}
}
