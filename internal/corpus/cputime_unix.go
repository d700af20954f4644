//go:build unix

package corpus

import (
	"syscall"
	"time"
)

// CPUTime is the user plus system time the process has used so far. On a
// shared machine it moves much less than wall time with the load of other
// processes, so benchmarks report throughput per CPU second beside MB/s.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
