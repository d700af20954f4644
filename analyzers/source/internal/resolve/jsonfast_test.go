package resolve

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tailscale/hujson"
)

// jsonSeeds are documents at the edges of what hujson accepts, and
// package.json and tsconfig.json shapes.
var jsonSeeds = []string{
	`{}`, `[]`, `{,}`, `[,]`, `{"a":1,}`, `[1,]`, `[1,,]`, `{"a":1,,}`, `{"a" : 1 , "b" : [ ] }`,
	`{"a":1}// c`, "{\"a\":1}// c\n", `{"a":1}/* c */`, `{"a":1}/* c *`, `/**/{}`, `{}/`, `/{}`, `{/**/"a"/**/:/**/1/**/}`,
	"// \u2028\n{}", "/* \u2028 */{}", "// \xff\n{}", "/* \xff */{}", "/* é */{}", "// é\n{}",
	`"s"`, `1`, `-0`, `01`, `1.`, `.5`, `+1`, `1e5`, `1E+5`, `1e`, `-`, `1.5e-3`, `0x10`, `1_000`, `Infinity`, `NaN`,
	`true`, `false`, `null`, `True`, `nul`, `truex`, `[true,false,null]`,
	`"\u00e9"`, `"\"q\""`, `"a\\b"`, `"\x"`, `"\u12"`, `"\u12zz"`, `"\/"`, "\"a\tb\"", "\"a\x01b\"", "\"\\\x01\"", "\"\xff\"", "\"é\xffa\"", `"\`, `"abc`,
	`{"a":}`, `{"a"}`, `{a:1}`, `{1:1}`, `{"a":1 "b":2}`, `[1 2]`, `[}`, `{]`, `{"a":[}`, `{"a":{}]`, `{} {}`, `{"a":1}x`,
	"\t\r\n {\"a\"\t:\r\n\"b\"}\n", `{"\ud800":1}`, `{"a\u0000b":1}`, `["\ud83d\ude00"]`, "\ufeff{}",
	`{"name":"@acme/lib","main":"./dist/index.js","types":"dist/index.d.ts","exports":{".":{"types":"./dist/index.d.ts","import":"./src/index.ts"},"./*":"./src/*.ts"},"workspaces":["packages/*","!packages/old"]}`,
	"{\n  // base\n  \"extends\": [\"./a.json\", \"@acme/tsconfig/base.json\"],\n  \"compilerOptions\": {\"baseUrl\": \".\", \"paths\": {\"@/*\": [\"./src/*\"],},},\n}\n",
}

// fastJSONC, when it accepts a document, builds what lower builds from
// hujson's tree of it, and hujson accepts it too.
func FuzzFastJSONC(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) { checkFast(t, src) })
}

func TestFastJSONC(t *testing.T) {
	accepted := 0
	for _, s := range jsonSeeds {
		if checkFast(t, []byte(s)) {
			accepted++
		}
	}
	// The JSON files of the repository's own test data.
	root := filepath.Join("..", "..", "..", "..")
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") && !strings.HasSuffix(p, ".jsonc") {
			return nil
		}
		if src, err := os.ReadFile(p); err == nil && checkFast(t, src) {
			accepted++
		}
		return nil
	})
	// A parser that gave up on everything would pass the checks above.
	if accepted < 40 {
		t.Errorf("fastJSONC accepted %d documents; want most of the valid ones", accepted)
	}
}

func checkFast(t *testing.T, src []byte) bool {
	t.Helper()
	got, ok := fastJSONC(src)
	hv, err := hujson.Parse(src)
	if ok && err != nil {
		t.Fatalf("%q: fast accepts, hujson says %v", src, err)
	}
	if !ok {
		return false
	}
	if want := lower(hv.Value); !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: values differ:\nfast   %+v\nhujson %+v", src, got, want)
	}
	return true
}
