package clone

import (
	"strings"
	"testing"

	"github.com/dop251/goja"
)

// Objects that Export takes travel as host objects and come back through
// Import; those it declines fail as before.
func TestExportImport(t *testing.T) {
	vm := goja.New()
	c := New(vm)
	v, err := vm.RunString(`class Target {}; const f = (x) => x;
		({ f, again: f, t: new Target(), p: new Proxy({}, {}), n: 1, refused: () => 2 })`)
	if err != nil {
		t.Fatal(err)
	}
	o := v.ToObject(vm)
	refused := o.Get("refused").ToObject(vm)
	var exported []*goja.Object
	export := func(x *goja.Object) (uint64, bool) {
		if x.SameAs(refused) {
			return 0, false
		}
		exported = append(exported, x)
		return uint64(len(exported) - 1 + 40), true
	}
	_, err = c.Serialize(o, Options{RejectClassInstances: true, Export: export})
	if err == nil || !strings.Contains(err.Error(), "() => 2 could not be cloned.") {
		t.Fatalf("declined function: %v, want its DataCloneError", err)
	}
	o.Delete("refused")
	exported = nil
	b, err := c.Serialize(o, Options{RejectClassInstances: true, Export: export})
	if err != nil {
		t.Fatal(err)
	}
	if len(exported) != 3 {
		t.Fatalf("exported %d objects, want f once, the instance and the proxy", len(exported))
	}
	var ids []uint64
	back, err := c.DeserializeWith(b, ReadOptions{Import: func(id uint64) goja.Value {
		ids = append(ids, id)
		return vm.ToValue(id)
	}})
	if err != nil {
		t.Fatal(err)
	}
	bo := back.ToObject(vm)
	if bo.Get("f").ToInteger() != 40 || bo.Get("again").ToInteger() != 40 || bo.Get("t").ToInteger() != 41 ||
		bo.Get("p").ToInteger() != 42 || bo.Get("n").ToInteger() != 1 {
		t.Errorf("read back %v, want f and again 40, t 41, p 42, n 1", back.Export())
	}
	if len(ids) != 3 {
		t.Errorf("imported ids %v, want one each", ids)
	}
	if _, err := c.Deserialize(b); err == nil {
		t.Error("host objects read without Import: no error")
	}
}
