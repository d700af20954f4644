//go:build !linux

package main

// preferHugePages and adviseHugePages do nothing where the kernel has no
// madvise hint for transparent huge pages (see heap_linux.go).
func preferHugePages(n int) (start, end uintptr) { return 0, 0 }

func adviseHugePages(b []byte) (start, end uintptr) { return 0, 0 }
