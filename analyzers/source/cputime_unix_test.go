//go:build unix

package source_test

import (
	"syscall"
	"time"
)

// cpuTime is the process's user plus system CPU time. Benchmarks report
// it per operation next to wall time because wall time on a loaded
// machine measures the machine more than the code.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
