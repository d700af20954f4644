package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
)

// startProfile writes a CPU profile of the whole process to the file
// $DOLINT_CPUPROFILE names, and a profile of what the process allocated
// to the one $DOLINT_MEMPROFILE names, and an execution trace to the one
// $DOLINT_TRACE names, for measuring a run over many repositories without
// a test harness around it. The returned func stops them.
func startProfile() func() {
	stopCPU := func() {}
	if name := os.Getenv("DOLINT_CPUPROFILE"); name != "" {
		if f, ok := create(name); ok {
			if err := pprof.StartCPUProfile(f); err != nil {
				fmt.Fprintf(os.Stderr, "dolint: %v\n", err)
				f.Close()
			} else {
				stopCPU = func() { pprof.StopCPUProfile(); f.Close() }
			}
		}
	}
	stopTrace := func() {}
	if name := os.Getenv("DOLINT_TRACE"); name != "" {
		// An execution trace shows what a profile cannot: when the
		// processors stand idle, and which goroutine each one waits for.
		if f, ok := create(name); ok {
			if err := trace.Start(f); err != nil {
				fmt.Fprintf(os.Stderr, "dolint: %v\n", err)
				f.Close()
			} else {
				stopTrace = func() { trace.Stop(); f.Close() }
			}
		}
	}
	memName := os.Getenv("DOLINT_MEMPROFILE")
	if memName != "" {
		// Every 64 KiB allocated, not every 512: a lint run allocates
		// few, large objects (node slabs) and many small ones, and a
		// coarse rate hides the small ones' sites.
		runtime.MemProfileRate = 64 << 10
	}
	return func() {
		stopCPU()
		stopTrace()
		if memName == "" {
			return
		}
		if f, ok := create(memName); ok {
			// The profile shows what was allocated up to the last
			// collection, and a run may make none after its start.
			runtime.GC()
			if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
				fmt.Fprintf(os.Stderr, "dolint: %v\n", err)
			}
			f.Close()
		}
	}
}

func create(name string) (*os.File, bool) {
	f, err := os.Create(name)
	if err != nil {
		fmt.Fprintf(os.Stderr, "dolint: %v\n", err)
		return nil, false
	}
	return f, true
}
