package sandbox

import (
	"reflect"
	"strings"
	"testing"
)

// Before the rpc date a stub has no methods, but IgnoreRPCGate still runs
// the method on the object, as an RPC call would run it.
func TestCallWithIgnoreRPCGate(t *testing.T) {
	ev := &events{}
	rt, _ := load(t, strings.Replace(harnessObj, "GOOD", "true", 1), func(o *Options) {
		o.CompatibilityDate = "2024-03-01"
		o.OnEvent = ev.add
	})
	if _, err := rt.CallWith("OBJ", "a", "greet", CallOptions{}, "x", 1); err == nil {
		t.Fatal("CallWith without options ignored the rpc date")
	}
	got, err := rt.CallWith("OBJ", "a", "greet", CallOptions{IgnoreRPCGate: true}, "bob", 2)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"text": "hi bob", "twice": []any{int64(2), int64(4)}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("CallWith greet = %#v, want %#v", got, want)
	}
	_, err = rt.CallWith("OBJ", "a", "fail", CallOptions{IgnoreRPCGate: true})
	if err == nil || err.Error() != "RangeError: no hi" {
		t.Errorf("CallWith fail: %v", err)
	}
	if rpcs := ev.of("rpc"); len(rpcs) != 2 || rpcs[0].Method != "greet" || rpcs[1].Err == nil {
		t.Errorf("rpc events %+v, want greet and a failed fail", rpcs)
	}
}
