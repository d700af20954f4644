package jwcc

import (
	"testing"

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
