package jsrt

import (
	"bufio"
	"bytes"
	"math"
	"reflect"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
)

// Heap ownership.
//
// Go keeps no allocation count per goroutine, but its heap profile keeps,
// for a sample of the allocations, the stack that made them and whether
// they are still live. Each task runs below a chain of frames that spells
// its loop's number (two bits a frame, from markers 0 to 3, ended by
// markEnd), so the profile tells which loop allocated the memory that is
// live now. Loop numbers are not reused until 1<<ownerBits loops have been
// created, so that the memory of a dead loop is not counted against a new
// one.
//
// Stacks deeper than the profile keeps (runtime/debug profstackdepth, 128
// frames by default) lose their bottom, and with it the chain: that memory
// belongs to no loop.
const ownerBits = 24

//go:noinline
func mark0(id uint32, shift int, fn func()) { markNext(id, shift, fn) }

//go:noinline
func mark1(id uint32, shift int, fn func()) { markNext(id, shift, fn) }

//go:noinline
func mark2(id uint32, shift int, fn func()) { markNext(id, shift, fn) }

//go:noinline
func mark3(id uint32, shift int, fn func()) { markNext(id, shift, fn) }

//go:noinline
func markEnd(fn func()) { fn() }

// markers is filled by init: the markers call each other through it, so
// that markNext is not part of a cycle and is inlined into each, leaving
// one frame a digit.
var markers [4]func(uint32, int, func())

func init() { markers = [4]func(uint32, int, func()){mark0, mark1, mark2, mark3} }

// markNext calls fn below the frames that spell the bits of id from shift
// up; the lowest pair of bits is the outermost frame.
func markNext(id uint32, shift int, fn func()) {
	if shift == ownerBits {
		markEnd(fn)
		return
	}
	markers[id>>shift&3](id, shift+2, fn)
}

// runAs runs fn as an allocation of loop id.
func runAs(id uint32, fn func()) { markNext(id, 0, fn) }

// Frames of the chain other than digits.
const (
	notMarker = -3 + iota
	skipFrame // markNext, when not inlined (-gcflags=-l)
	endFrame  // markEnd
)

// markerEntries maps the entry PC of each function of the chain to its
// digit, or to endFrame or skipFrame.
var markerEntries = map[uintptr]int{}

func init() {
	for i, f := range markers {
		markerEntries[funcEntry(f)] = i
	}
	markerEntries[funcEntry(markNext)] = skipFrame
	markerEntries[funcEntry(markEnd)] = endFrame
}

func funcEntry(f any) uintptr {
	return runtime.FuncForPC(reflect.ValueOf(f).Pointer()).Entry()
}

// liveByOwner estimates, from the heap profile as of the last collection,
// the live bytes each loop allocated. It reports false when the profile
// holds no sample (runtime.MemProfileRate is 0). Writing the profile
// symbolizes every stack and takes tens of milliseconds, so it is read only
// when a collection has shown a budget over its limit.
func liveByOwner() (map[uint32]uint64, bool) {
	rate := runtime.MemProfileRate
	if rate <= 0 {
		return nil, false
	}
	var buf bytes.Buffer
	if err := pprof.Lookup("heap").WriteTo(&buf, 1); err != nil {
		return nil, false
	}
	owners := map[uint32]uint64{}
	entries := map[uintptr]int{}
	digit := func(pc uintptr) int {
		d, ok := entries[pc]
		if !ok {
			d = notMarker
			if f := runtime.FuncForPC(pc - 1); f != nil {
				if m, ok := markerEntries[f.Entry()]; ok {
					d = m
				}
			}
			entries[pc] = d
		}
		return d
	}
	sampled := false
	sc := bufio.NewScanner(&buf)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		// A record: "objects: bytes [allocated objects: bytes] @ pc pc ...",
		// the innermost frame first.
		line := sc.Text()
		at := strings.Index(line, " @ ")
		if at < 0 || line == "" || line[0] < '0' || line[0] > '9' {
			continue
		}
		head := strings.Fields(line[:at])
		if len(head) < 2 {
			continue
		}
		objects, err1 := strconv.ParseUint(strings.TrimSuffix(head[0], ":"), 10, 64)
		size, err2 := strconv.ParseUint(head[1], 10, 64)
		if err1 != nil || err2 != nil {
			continue
		}
		sampled = true
		if objects == 0 || size == 0 {
			continue
		}
		pcs := strings.Fields(line[at+3:])
		id, ok := uint32(0), false
		for i, s := range pcs {
			pc, err := strconv.ParseUint(s, 0, 64)
			if err != nil || digit(uintptr(pc)) != endFrame {
				continue
			}
			// Outward from markEnd: the highest pair of bits first.
			n := 0
			for _, s := range pcs[i+1:] {
				pc, err := strconv.ParseUint(s, 0, 64)
				if err != nil {
					break
				}
				d := digit(uintptr(pc))
				if d == skipFrame {
					continue
				}
				if d < 0 {
					break
				}
				id = id<<2 | uint32(d)
				n++
			}
			ok = n == ownerBits/2
			break
		}
		if ok {
			owners[id] += scaleSample(objects, size, rate)
		}
	}
	return owners, sampled
}

// scaleSample estimates the bytes that a profile record stands for: an
// allocation of s bytes is sampled with probability 1-exp(-s/rate).
func scaleSample(objects, size uint64, rate int) uint64 {
	avg := float64(size) / float64(objects)
	p := 1 - math.Exp(-avg/float64(rate))
	if p <= 0 {
		return size
	}
	return uint64(float64(size) / p)
}
