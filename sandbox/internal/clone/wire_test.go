package clone

import (
	"encoding/hex"
	"testing"

	"github.com/dop251/goja"
)

// wireCases are values with the bytes V8's ValueSerializer writes for them
// (as Node's v8.serialize prints them, header included).
var wireCases = []struct{ src, hex string }{
	{"undefined", "ff0f5f"},
	{"null", "ff0f30"},
	{"true", "ff0f54"},
	{"-1", "ff0f4901"},
	{"1.5", "ff0f4e000000000000f83f"},
	{"2**31", "ff0f4e000000000000e041"},
	{"-0", "ff0f4e0000000000000080"},
	{"12345678901234567890n", "ff0f5a10d20a1feb8ca954ab"},
	{"-5n", "ff0f5a110500000000000000"},
	{"\"abc\"", "ff0f2203616263"},
	{"\"\u00e9\"", "ff0f2201e9"},
	{"\"\u65e5\u672c\"", "ff0f6304e5652c67"},
	{"[1,2,3]", "ff0f4103490249044906240003"},
	{"(() => { const a = [1,,3]; return a; })()", "ff0f61034900490249044906400203"},
	{"({a:1,b:\"x\"})", "ff0f6f22016149022201622201787b02"},
	{"({1:2,a:[]})", "ff0f6f4902490422016141002400007b02"},
	{"new Date(1000)", "ff0f440000000000408f40"},
	{"/x+/gimsuy", "ff0f522202782b3f"},
	{"new Map([[1,{}]])", "ff0f3b49026f7b003a02"},
	{"new Set([1,'a'])", "ff0f2749022201612c02"},
	{"new Uint8Array([1,2]).buffer", "ff0f42020102"},
	{"new String('s')", "ff0f73220173"},
	{"new Number(3)", "ff0f6e0000000000000840"},
	{"new Boolean(false)", "ff0f78"},
	{"Object(5n)", "ff0f7a100500000000000000"},
	{"(() => { const o = {x:1}; return [o, o]; })()", "ff0f41026f22017849027b015e01240002"},
}

func TestSerializeMatchesV8(t *testing.T) {
	vm := goja.New()
	c := New(vm)
	for _, tc := range wireCases {
		v, err := vm.RunString(tc.src)
		if err != nil {
			t.Fatalf("%s: %v", tc.src, err)
		}
		b, err := c.Serialize(v, Options{})
		if err != nil {
			t.Errorf("%s: %v", tc.src, err)
			continue
		}
		if got := hex.EncodeToString(b); got != tc.hex {
			t.Errorf("%s: serialized as %s, V8 writes %s", tc.src, got, tc.hex)
		}
		back, err := c.Deserialize(b)
		if err != nil {
			t.Errorf("%s: reading back: %v", tc.src, err)
			continue
		}
		again, _ := c.Serialize(back, Options{})
		if got := hex.EncodeToString(again); got != tc.hex {
			t.Errorf("%s: read back and serialized again as %s, want %s", tc.src, got, tc.hex)
		}
	}
}
