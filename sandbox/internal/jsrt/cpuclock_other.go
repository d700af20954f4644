//go:build !linux

package jsrt

import "time"

// threadCPU returns the wall clock: this platform offers no thread CPU
// clock that another thread can read.
func threadCPU() func() time.Duration { return wallClock() }

func threadClocks() bool { return false }
