package jsrt

import (
	"testing"
	"time"
)

// timed is eval with the time it took.
func timed(t *testing.T, lim Limits, src string) (string, time.Duration) {
	start := time.Now()
	got := eval(t, lim, src)
	return got, time.Since(start)
}

// Work done inside one native call is bounded by the CPU limit too: the
// call ends with the limit error near the limit, not when it returns.
func TestCPULimitInsideNatives(t *testing.T) {
	lim := Limits{CPU: 300 * time.Millisecond}
	const big = `(() => { const a = []; for (let i = 0; i < 3e5; i++) a.push({ i, s: "x" + i }); return a; })()`
	for _, c := range []struct{ name, src string }{
		// A catastrophic backtracking pattern runs on regexp2, for hours.
		{"regexp", `/^(?=a)(a+)+$/.test("a".repeat(30) + "b")`},
		{"regexp replace", `"a".repeat(30).concat("b").replace(/^(?=a)(a+)+$/, "x")`},
		// Each call takes about a second of CPU; together they take minutes.
		{"structuredClone", `(() => { const a = ` + big + `; for (let i = 0; i < 200; i++) structuredClone(a); })()`},
		{"JSON.stringify", `(() => { const a = ` + big + `; for (let i = 0; i < 200; i++) JSON.stringify(a); })()`},
	} {
		got, took := timed(t, lim, c.src)
		if got != "limit: "+ErrCPU.Error() {
			t.Errorf("%s: %q, want the CPU limit", c.name, got)
		}
		if took > 5*time.Second {
			t.Errorf("%s: ended after %v for a limit of %v", c.name, took, lim.CPU)
		}
	}
}

// structuredClone is linear in the size of a deep value, and beyond the
// nesting limit throws V8's catchable RangeError.
func TestStructuredCloneDepth(t *testing.T) {
	deep := func(n string) string {
		return `(() => { let o = {}; for (let i = 0; i < ` + n + `; i++) o = { a: o }; return o; })()`
	}
	lim := Limits{CPU: 5 * time.Second, MaxNesting: 2000}
	got, took := timed(t, lim, `(() => { let c = structuredClone(`+deep("1999")+`), n = 0; while (c.a) { c = c.a; n++; } return n; })()`)
	if got != "1999" {
		t.Errorf("1999 deep: %q", got)
	}
	if took > 2*time.Second {
		t.Errorf("cloning 1999 levels took %v", took)
	}
	for _, n := range []string{"2001", "20000"} {
		if got := eval(t, lim, `structuredClone(`+deep(n)+`)`); got != "RangeError: Maximum call stack size exceeded" {
			t.Errorf("%s deep: %q", n, got)
		}
	}
}
