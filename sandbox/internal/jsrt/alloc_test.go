package jsrt

import (
	"runtime"
	"runtime/metrics"
	"testing"
	"time"
)

// peakHeap samples the Go heap while fn runs and returns its peak.
func peakHeap(fn func()) uint64 {
	done := make(chan struct{})
	var peak uint64
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak {
				peak = v
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	fn()
	close(done)
	return peak
}

// A native asked for more than the budget fails before it allocates: the
// isolate ends with the memory limit, or, for strings past V8's maximum
// length, a catchable RangeError; the heap stays near the limit.
func TestAllocationsCheckTheBudget(t *testing.T) {
	const limit = 64 << 20
	mem := "limit: " + ErrMemory.Error()
	for _, c := range []struct{ src, want string }{
		{`"x".repeat(2 ** 29)`, "RangeError: Invalid string length"},
		{`"x".padEnd(2 ** 30)`, "RangeError: Invalid string length"},
		{`"x".repeat(1e8).length`, mem},
		{`"x".padStart(1e8).length`, mem},
		{`new Array(1e8).fill(1).length`, mem},
		{`new Array(1e6).fill(1).length`, "1000000"},
		{`new Array(1e8).join("ab").length`, mem},
		{`Array.from({ length: 1e8 }).length`, mem},
		{`new ArrayBuffer(2 ** 30).byteLength`, mem},
		{`new Float64Array(1e8).length`, mem},
		{`new Uint8Array(1e6).length`, "1000000"},
		{`new TextEncoder().encode("\u2603".repeat(3e7)).length`, mem},
		{`[new Uint8Array(4) instanceof Uint8Array, Uint8Array.BYTES_PER_ELEMENT, new ArrayBuffer(8).slice(2).byteLength, Uint8Array.from([1, 2]).length, [].constructor === Array]`, "true,1,6,2,true"},
	} {
		b := NewBudget(limit)
		var got string
		peak := peakHeap(func() { got = eval(t, Limits{Memory: b}, c.src) })
		b.Close()
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.src, got, c.want)
		}
		if peak > b.base+2*limit {
			t.Errorf("%s: the heap peaked at %d MiB for a limit of %d MiB", c.src, peak>>20, limit>>20)
		}
		runtime.GC()
	}
}

// A string doubled in place grows the heap by leaps that outrun a
// collection: the loop that alone grows it is stopped within a few
// doublings of the limit. goja's + cannot be checked before it allocates,
// so the heap sampler catches it, and on a loaded machine (CI runs test
// packages side by side on two cores) the sampler can be one doubling late;
// unbounded, the loop runs into gigabytes.
func TestStringDoublingStopsNearTheLimit(t *testing.T) {
	const limit = 64 << 20
	b := NewBudget(limit)
	defer b.Close()
	var got string
	peak := peakHeap(func() {
		got = eval(t, Limits{Memory: b}, `(() => { let s = "x".repeat(1 << 20); for (;;) s += s; })()`)
	})
	if got != "limit: "+ErrMemory.Error() {
		t.Errorf("doubling: %q", got)
	}
	if peak > b.base+8*limit {
		t.Errorf("the heap peaked at %d MiB for a limit of %d MiB over %d MiB", peak>>20, limit>>20, b.base>>20)
	}
}
