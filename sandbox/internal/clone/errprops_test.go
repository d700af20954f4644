package clone

import (
	"testing"

	"github.com/dop251/goja"
)

// With ErrorProperties an error keeps its own name, own properties and
// cause through a clone; without, V8's format keeps the message only.
// Messages and keys in any script survive, whatever padding the
// two-byte strings need.
func TestErrorProperties(t *testing.T) {
	vm := goja.New()
	c := New(vm)
	v, err := vm.RunString(`class AppError extends Error { constructor(m, o) { super(m, o); this.name = "AppError"; this.code = 42; this["日本"] = "語"; } }
		const e = new AppError("日本語 failed", { cause: new TypeError("inner") });
		e.self = e;
		[e, new RangeError("ü")]`)
	if err != nil {
		t.Fatal(err)
	}
	describe, err := vm.RunString(`(v) => v.map((e) => [e.name, e.message, e.code, e["日本"], e.cause && e.cause.name + ": " + e.cause.message, e.self === e, e instanceof Error, Object.keys(e).sort().join(" ")].join("|")).join(" / ")`)
	if err != nil {
		t.Fatal(err)
	}
	desc, _ := goja.AssertFunction(describe)
	for _, props := range []bool{false, true} {
		c.ErrorProperties = props
		b, err := c.Serialize(v, Options{})
		if err != nil {
			t.Fatal(err)
		}
		back, err := c.Deserialize(b)
		if err != nil {
			t.Fatalf("props %v: %v", props, err)
		}
		got, _ := desc(goja.Undefined(), back)
		want := "Error|日本語 failed||||false|true| / RangeError|ü||||false|true|"
		if props {
			want = "AppError|日本語 failed|42|語|TypeError: inner|true|true|cause code name self 日本 / RangeError|ü||||false|true|"
		}
		if got.String() != want {
			t.Errorf("props %v:\n got %s\nwant %s", props, got, want)
		}
	}
}
