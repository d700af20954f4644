package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
)

func TestPreferHugePages(t *testing.T) {
	if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage"); err != nil {
		t.Skip("this kernel has no transparent huge pages")
	}
	start, end := preferHugePages(16 << 20)
	if start == 0 || end-start < 8<<20 || start%hugePageSize != 0 {
		t.Fatalf("advised %#x-%#x; want at least 8 MiB on a huge page boundary", start, end)
	}
	// The kernel keeps the advice as a flag ("hg") of the mappings that
	// hold the range; every byte of it must be in one so flagged.
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	covered := start
	var lo, hi uint64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if r, _, ok := strings.Cut(line, " "); ok && strings.Contains(r, "-") && !strings.HasSuffix(r, ":") {
			a, b, _ := strings.Cut(r, "-")
			lo, _ = strconv.ParseUint(a, 16, 64)
			hi, _ = strconv.ParseUint(b, 16, 64)
			continue
		}
		flags, ok := strings.CutPrefix(line, "VmFlags:")
		if !ok || uintptr(lo) > covered || uintptr(hi) <= covered {
			continue
		}
		if !strings.Contains(" "+flags+" ", " hg ") {
			t.Fatalf("mapping %#x-%#x holding the advised range has flags%s, without hg", lo, hi, flags)
		}
		covered = uintptr(hi)
		if covered >= end {
			return
		}
	}
	t.Fatalf("only %#x-%#x of the advised %#x-%#x is in a mapping advised for huge pages", start, covered, start, end)
}

func TestPreferHugePagesDisabled(t *testing.T) {
	t.Setenv("GODEBUG", "disablethp=1")
	if start, end := preferHugePages(16 << 20); start != 0 || end != 0 {
		t.Errorf("GODEBUG=disablethp=1: advised %#x-%#x; want nothing", start, end)
	}
}
