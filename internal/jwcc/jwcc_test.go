package jwcc

import (
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/internal/jsondepth"
	"github.com/tailscale/hujson"
)

// Each scanner must accept exactly what hujson accepts at that place; the
// quick parsers of wrangler and resolve are fuzzed against hujson whole.
func TestAgainstHujson(t *testing.T) {
	for _, doc := range []string{
		`1`, `-0.5e+3`, `01`, `1.`, `.5`, `-`, `1e`, `+1`, `nul`, `null`, `truex`,
		`"a"`, `"é"`, `"\u00e9"`, `"\x"`, "\"a\tb\"", `"a\"b"`, `"unterminated`,
		"// c\n1", "// c", "/* c */ 1", "/* c", "// \u2028\n1", "/* \u2028 */ 1", "\xff",
		"// \xff\n1", "/* \xff */ 1", `1 /`, `1 /x`,
	} {
		_, err := hujson.Parse([]byte(doc))
		got := scan([]byte(doc))
		if got != (err == nil) {
			t.Errorf("%q: the scanners say %v, hujson says %v", doc, got, err)
		}
	}
}

// scan reads a document that is one literal, with whitespace and comments
// around it.
func scan(b []byte) bool {
	n, ok := SkipExtra(b, 0)
	if !ok || n == len(b) {
		return false
	}
	if b[n] == '"' {
		lit, _, ok := String(b, n)
		if !ok {
			return false
		}
		n += len(lit)
	} else {
		lit := Literal(b, n)
		switch string(lit) {
		case "null", "true", "false":
		default:
			if !Number(lit) {
				return false
			}
		}
		n += len(lit)
	}
	n, ok = SkipExtra(b, n)
	return ok && n == len(b)
}

func TestStringPlain(t *testing.T) {
	for doc, want := range map[string]bool{`"abc"`: true, `"a\nb"`: false, `"é"`: false, `""`: true} {
		lit, plain, ok := String([]byte(doc+" rest"), 0)
		if !ok || string(lit) != doc || plain != want {
			t.Errorf("String(%q) = %q, plain %v, ok %v; want the literal, plain %v", doc, lit, plain, ok, want)
		}
	}
}

// countBuilder counts the containers Parse makes.
type countBuilder struct{ n *int }

func (c countBuilder) String([]byte, bool, int) int       { return 0 }
func (c countBuilder) Literal([]byte, int) int            { return 0 }
func (c countBuilder) Object(int) int                     { *c.n++; return 0 }
func (c countBuilder) Member(int, []byte, bool, int, int) {}
func (c countBuilder) Array(int) int                      { *c.n++; return 0 }
func (c countBuilder) Elem(int, int)                      {}
func (c countBuilder) End(int, int)                       {}

// Parse reads documents as deep as jsondepth.Max and no deeper: its
// callers check the depth of what it refuses before hujson, which
// recurses without a bound, reads it.
func TestParseDepth(t *testing.T) {
	for _, depth := range []int{jsondepth.Max, jsondepth.Max + 1} {
		doc := strings.Repeat(`{"a":[`, depth/2) + strings.Repeat("[", depth%2) + "1" + strings.Repeat("]", depth%2) + strings.Repeat("]}", depth/2)
		var made int
		_, ok := Parse([]byte(doc), countBuilder{&made})
		if want := depth <= jsondepth.Max; ok != want || ok && made != depth {
			t.Errorf("depth %d: ok %v with %d containers made; want ok %v", depth, ok, made, want)
		}
		if ok != (jsondepth.Check([]byte(doc), jsondepth.Max) == nil) {
			t.Errorf("depth %d: Parse says %v, jsondepth.Check does not agree", depth, ok)
		}
	}
}
