package clone

import (
	"bytes"
	"runtime/debug"
	"testing"

	"github.com/dop251/goja"
)

// Stored values come back from disk, where anyone may have written them:
// a value nested a million deep is refused with V8's RangeError, without
// a Go stack overflow (the stack is capped here so that one would crash).
func TestDeserializeDeepInput(t *testing.T) {
	defer debug.SetMaxStack(debug.SetMaxStack(8 << 20))
	c := New(goja.New())
	c.MaxDepth = 100
	for _, open := range []string{"o", "A\x01", ";", "'"} {
		b := append([]byte{0xFF, version}, bytes.Repeat([]byte(open), 1e6)...)
		if _, err := c.Deserialize(b); err != ErrTooDeep {
			t.Errorf("%q a million deep: %v, want %v", open, err, ErrTooDeep)
		}
	}
}

// Serialize walks a deep value once, not once a level, and refuses it past
// the limit.
func TestSerializeDeepValue(t *testing.T) {
	defer debug.SetMaxStack(debug.SetMaxStack(8 << 20))
	vm := goja.New()
	c := New(vm)
	c.MaxDepth = 1000
	v, err := vm.RunString(`(n) => { let o = {}; for (let i = 0; i < n; i++) o = { a: o }; return o; }`)
	if err != nil {
		t.Fatal(err)
	}
	deep, _ := goja.AssertFunction(v)
	ok, _ := deep(goja.Undefined(), vm.ToValue(999))
	b, err := c.Serialize(ok, Options{})
	if err != nil {
		t.Fatalf("999 deep: %v", err)
	}
	if _, err := c.Deserialize(b); err != nil {
		t.Fatalf("999 deep, read back: %v", err)
	}
	tooDeep, _ := deep(goja.Undefined(), vm.ToValue(2e5))
	if _, err := c.Serialize(tooDeep, Options{}); err != ErrTooDeep {
		t.Fatalf("200000 deep: %v, want %v", err, ErrTooDeep)
	}
}
