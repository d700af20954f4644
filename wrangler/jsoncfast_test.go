package wrangler

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/tailscale/hujson"
)

// fastSeeds are documents at the edges of what hujson accepts.
var fastSeeds = []string{
	`{}`, `[]`, `{,}`, `[,]`, `{"a":1,}`, `[1,]`, `[1,,]`, `{"a":1,,}`, `{"a" : 1 , "b" : [ ] }`,
	`{"a":1}// c`, "{\"a\":1}// c\n", `{"a":1}/* c */`, `{"a":1}/* c *`, `/**/{}`, `{}/`, `/{}`, `{/**/"a"/**/:/**/1/**/}`,
	"// \u2028\n{}", "/* \u2028 */{}", "// \xff\n{}", "/* \xff */{}", "/* é */{}", "// é\n{}",
	`"s"`, `1`, `-0`, `01`, `1.`, `.5`, `+1`, `1e5`, `1E+5`, `1e`, `-`, `1.5e-3`, `0x10`, `1_000`, `Infinity`, `NaN`,
	`true`, `false`, `null`, `True`, `nul`, `truex`, `[true,false,null]`,
	`"\u00e9"`, `"\"q\""`, `"a\\b"`, `"\x"`, `"\u12"`, `"\u12zz"`, `"\/"`, "\"a\tb\"", "\"a\x01b\"", "\"\\\x01\"", "\"\xff\"", `"\`, `"abc`,
	`{"a":}`, `{"a"}`, `{a:1}`, `{1:1}`, `{"a":1 "b":2}`, `[1 2]`, `[}`, `{]`, `{"a":[}`, `{"a":{}]`, `{} {}`, `{"a":1}x`,
	"\t\r\n {\"a\"\t:\r\n\"b\"}\n", `{"\ud800":1}`, `{"a\u0000b":1}`, `["\ud83d\ude00"]`,
}

// fastJSONC accepts what hujson.Parse accepts, and builds what lowerJSON
// builds from hujson's tree.
func FuzzFastJSONC(f *testing.F) {
	for _, s := range fastSeeds {
		f.Add([]byte(s))
	}
	for _, s := range seeds(f, ".jsonc", ".json") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkFast(t, src)
	})
}

func TestFastJSONC(t *testing.T) {
	for _, s := range fastSeeds {
		checkFast(t, []byte(s))
	}
	for _, s := range seeds(t, ".jsonc", ".json") {
		checkFast(t, s)
	}
}

func checkFast(t *testing.T, src []byte) {
	t.Helper()
	got, ok := fastJSONC(src, 3)
	hv, err := hujson.Parse(src)
	if ok != (err == nil) {
		t.Fatalf("%q: fast accepts %v, hujson says %v", src, ok, err)
	}
	if !ok {
		return
	}
	if want := lowerJSON(&hv, 3); !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: trees differ:\nfast   %s\nhujson %s", src, dump(got), dump(want))
	}
}

func dump(v *value) string {
	if v == nil {
		return "nil"
	}
	s := fmt.Sprintf("{%d %d-%d %q %v %v", v.kind, v.start, v.end, v.str, v.num, v.b)
	for _, e := range v.elems {
		s += " " + dump(e)
	}
	for _, m := range v.members {
		s += fmt.Sprintf(" %q@%d-%d:", m.key, m.kstart, m.kend) + dump(m.val)
	}
	return s + "}"
}
