package jsrt

import (
	"math/rand"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"
)

func leafJSON(r *rand.Rand, scalar bool) string {
	kinds := 5
	if scalar {
		kinds = 3
	}
	switch r.Intn(kinds) {
	case 0:
		return strconv.Itoa(r.Intn(2000) - 1000)
	case 1:
		return []string{"true", "false", "null"}[r.Intn(3)]
	case 2:
		return `"` + []string{"", "a", `\"q\"`, `\\`, `\n\t`, "é€", `\u0001`, `\ud800`}[r.Intn(8)] + `"`
	case 3:
		return "[]"
	}
	return "{}"
}

// genJSON returns a random JSON document whose nesting is exactly depth,
// in the form JSON.stringify gives it back, and the value at the bottom. It builds the chain of
// containers down to the deepest value without recursing, with shallow
// siblings on either side.
func genJSON(r *rand.Rand, depth int) (string, string) {
	var open, close strings.Builder
	var closers []string
	for i := 0; i < depth; i++ {
		sib := ""
		if r.Intn(3) == 0 {
			// Scalars only, so that the chain alone sets the nesting.
			sib = leafJSON(r, true)
		}
		before := r.Intn(2) == 0
		if r.Intn(2) == 0 {
			open.WriteString("[")
			c := "]"
			if sib != "" && before {
				open.WriteString(sib + ",")
			} else if sib != "" {
				c = "," + sib + "]"
			}
			closers = append(closers, c)
			continue
		}
		open.WriteString("{")
		c := "}"
		if sib != "" && before {
			open.WriteString(`"s":` + sib + ",")
		} else if sib != "" {
			c = `,"t":` + sib + "}"
		}
		open.WriteString(`"d":`)
		closers = append(closers, c)
	}
	for i := len(closers) - 1; i >= 0; i-- {
		close.WriteString(closers[i])
	}
	leaf := leafJSON(r, false)
	return open.String() + leaf + close.String(), leaf
}

// Random documents, at depths on both sides of each limit: the text comes
// back unchanged through parse and stringify at any depth; a reviver, a
// replacer and structuredClone work up to the nesting limit and throw
// V8's RangeError past it; a document cut short throws the SyntaxError
// goja's own parser also throws. Go's stack is capped so that a recursion
// per level anywhere crashes the test.
func TestJSONRandomDocuments(t *testing.T) {
	defer debug.SetMaxStack(debug.SetMaxStack(4 << 20))
	const limit = 60
	r := rand.New(rand.NewSource(time.Now().UnixNano()))
	seed := r.Int63()
	r = rand.New(rand.NewSource(seed))
	l := NewLoop(Limits{CPU: 30 * time.Second, MaxCallStack: 1000, MaxNesting: limit})
	defer l.Stop()
	ref := goja.New()
	refParse, _ := goja.AssertFunction(ref.Get("JSON").ToObject(ref).Get("parse"))
	done := make(chan struct{})
	l.Post(func() {
		defer close(done)
		if _, err := Install(l, Env{}); err != nil {
			t.Error(err)
			return
		}
		check, err := l.VM.RunString(`(text, cut) => {
			const out = [];
			const attempt = (f) => { try { return String(f()); } catch (e) { return e.name + ": " + e.message; } };
			out.push(attempt(() => JSON.stringify(JSON.parse(text)) === text));
			out.push(attempt(() => JSON.stringify(JSON.parse(text, (k, v) => v)) === text));
			out.push(attempt(() => JSON.stringify(JSON.parse(text), (k, v) => v) === text));
			out.push(attempt(() => JSON.stringify(structuredClone(JSON.parse(text))) === text));
			out.push(attempt(() => JSON.parse(cut)));
			return out;
		}`)
		if err != nil {
			t.Error(err)
			return
		}
		fn, _ := goja.AssertFunction(check)
		for i := 0; i < 200; i++ {
			depth := r.Intn(2 * limit)
			if i%50 == 0 {
				depth = 10000 + r.Intn(10000) // past what a 4 MiB stack holds
			}
			text, leaf := genJSON(r, depth)
			cut := text[:r.Intn(len(text))]
			res, err := fn(goja.Undefined(), l.VM.ToValue(text), l.VM.ToValue(cut))
			if err != nil {
				t.Errorf("seed %d, depth %d: %v", seed, depth, err)
				return
			}
			var got []string
			for _, v := range res.Export().([]any) {
				got = append(got, v.(string))
			}
			// Objects and arrays nested past the limit are refused.
			nesting := depth
			if leaf == "[]" || leaf == "{}" {
				nesting++
			}
			deep := "true"
			if nesting > limit {
				deep = "RangeError: Maximum call stack size exceeded"
			}
			clone := deep
			want := []string{"true", deep, deep, clone}
			for k := range want {
				if got[k] != want[k] {
					t.Errorf("seed %d, depth %d, check %d: %q, want %q", seed, depth, k, got[k], want[k])
				}
			}
			if !strings.HasPrefix(got[4], "SyntaxError: ") && depth < 1000 {
				// A cut that still parses ("1" of "12") is rare but valid.
				if _, rerr := refParse(goja.Undefined(), ref.ToValue(cut)); rerr != nil {
					t.Errorf("seed %d: JSON.parse(%.80q) = %q, goja's parser throws %v", seed, cut, got[4], rerr)
				}
			}
		}
	}, false)
	select {
	case <-done:
	case <-l.Done():
		t.Fatalf("seed %d: the loop ended: %v", seed, l.Fatal())
	}
}
