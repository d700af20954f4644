package main

import (
	"os"
	"strings"
	"syscall"
	"unsafe"
)

// hugePageSize is the size of a transparent huge page on the platforms Go
// supports on Linux with 4 KiB base pages.
const hugePageSize = 2 << 20

// madvHugepage is MADV_HUGEPAGE, which package syscall does not name on
// every Linux architecture.
const madvHugepage = 14

// preferHugePages makes the Go heap grow by n bytes at once, asks the
// kernel to back that region with transparent huge pages, and leaves it
// free for the run's allocations.
//
// A lint run fills a heap of a few hundred MiB in well under a second,
// and each first touch of a 4 KiB page of it is a page fault: ~67k faults
// on the public-repository tier, a quarter of the run's CPU time spent in
// the kernel. Where THP is in "madvise" mode, as on many distributions,
// huge pages back only memory advised for them, and the Go runtime does
// not advise its heap. The runtime maps new heap space in chunks of a few
// MiB, each a mapping of its own, so one large allocation is the way to
// have it map (and this advise) the whole region ahead of use. Once freed
// the region stays mapped: with GOGC off, the runtime returns free memory
// to the kernel only near the memory limit.
//
// The price is that the runtime zeroes what it hands out of the region,
// as it does all memory it has handed out before, where fresh memory is
// known to be zero already; the tree reserve spares the trees that.
//
// n should be at least the memory limit: the allocation then puts the
// heap over it, and the collector at once starts a cycle that frees the
// region while the live heap is still tiny.
//
// It returns the advised range, empty when the heap could not be advised
// (see adviseHugePages).
func preferHugePages(n int) (start, end uintptr) {
	// Fresh heap memory is known to be zero, so this allocation touches
	// no page of it.
	return adviseHugePages(make([]byte, n))
}

// adviseHugePages asks the kernel to back the whole huge pages inside b
// with transparent huge pages, and returns their range; empty when it
// could not (no THP in the kernel) or should not (GODEBUG=disablethp=1,
// Go's own switch for it).
func adviseHugePages(b []byte) (start, end uintptr) {
	if strings.Contains(os.Getenv("GODEBUG"), "disablethp=1") {
		return 0, 0
	}
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	start = (p + hugePageSize - 1) &^ (hugePageSize - 1)
	end = (p + uintptr(len(b))) &^ (hugePageSize - 1)
	if start >= end || syscall.Madvise(b[start-p:end-p], madvHugepage) != nil {
		return 0, 0
	}
	return start, end
}
