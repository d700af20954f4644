package jsast

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func addSeeds(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*.*")
	for _, p := range paths {
		if src, err := os.ReadFile(p); err == nil && isSourceFile(p) {
			f.Add(src, uint8(LangFromFilename(p)))
		}
	}
	for _, s := range []string{
		"a = b / c / d", "x = <T,>(a: T) => a", "<div a='b'>{x}</div>", "`a${b}c`",
		"class A { #x; static { } get [k]() {} }", "type T = A extends infer U ? U : never",
		"(a=(b=(c)))=>1", "a?.b!`x`", "import x = require('y'); export = x;",
	} {
		f.Add([]byte(s), uint8(LangTS))
		f.Add([]byte(s), uint8(LangTSX))
	}
}

// FuzzLexer checks that the lexer terminates on any input, keeps token
// ranges inside the source and always moves forward.
func FuzzLexer(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte, _ uint8) {
		l := lexer{src: src}
		for i := 0; ; i++ {
			prevEnd := l.pos
			l.next()
			if l.start < prevEnd || l.pos < l.start || int(l.pos) > len(src) {
				t.Fatalf("token %v at [%d,%d) after %d", l.tok, l.start, l.pos, prevEnd)
			}
			if l.tok == TEOF {
				break
			}
			if l.pos == l.start {
				t.Fatalf("empty token %v at %d", l.tok, l.start)
			}
			if l.tok == TSlash || l.tok == TSlashEquals {
				l.rescanSlash()
			}
		}
	})
}

// FuzzParse checks that parsing never panics or hangs, and that every node
// range is well formed and within the source.
func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte, lang uint8) {
		file := ParseLang("fuzz", src, Lang(lang%4))
		for _, fault := range memoryFaults(file) {
			t.Fatal(fault)
		}
		Inspect(file.Root, func(n *Node) bool {
			if n == nil {
				return false
			}
			if n.Start < 0 || n.End < n.Start || int(n.End) > len(src) {
				t.Fatalf("%v has range [%d,%d) in %d bytes", n.Kind, n.Start, n.End, len(src))
			}
			if (n.Kind == KindIdentifier || n.Kind == KindPrivateIdentifier) && !file.identEscape && bytes.IndexByte(src[n.Start:n.End], '\\') >= 0 {
				t.Fatalf("%v %q has a backslash, and the file is said to have no escaped identifier", n.Kind, src[n.Start:n.End])
			}
			return true
		})
		for _, e := range file.Errors {
			if e.Offset < 0 || int(e.Offset) > len(src) {
				t.Fatalf("error offset %d out of range", e.Offset)
			}
		}
		Summarize(file)
		Module(file)
	})
}
