package jsast

import (
	"strings"
	"testing"
)

func TestKeywordLookup(t *testing.T) {
	for text, want := range keywords {
		if got := lookupKeyword([]byte(text)); got != want {
			t.Errorf("lookupKeyword(%q) = %v, want %v", text, got, want)
		}
		// Near misses share a keyword's length, first bytes or last byte,
		// and so its hash inputs in part.
		for _, miss := range []string{text + "s", text[:len(text)-1], strings.ToUpper(text[:1]) + text[1:],
			text[:1] + "_" + text[2:], text[:len(text)-1] + "_", "_" + text[1:]} {
			if _, ok := keywords[miss]; ok {
				continue
			}
			if got := lookupKeyword([]byte(miss)); got != TIdentifier {
				t.Errorf("lookupKeyword(%q) = %v, want identifier", miss, got)
			}
		}
	}
	for _, id := range []string{"", "a", "x", "constructors", "abcdefghijklm", "$", "_", "Infinity", "NaN"} {
		if got := lookupKeyword([]byte(id)); got != TIdentifier {
			t.Errorf("lookupKeyword(%q) = %v, want identifier", id, got)
		}
	}
}

// lexTokens returns the tokens of src as "text" or "text@nl" (a line
// terminator precedes the token), and the comments as text.
func lexTokens(src string) (toks, comments []string, errs []SyntaxError) {
	l := lexer{src: []byte(src)}
	for l.next(); l.tok != TEOF; l.next() {
		s := src[l.start:l.pos]
		if l.nl {
			s += "@nl"
		}
		toks = append(toks, s)
	}
	for _, c := range l.comments {
		comments = append(comments, src[c.Start:c.End])
	}
	return toks, comments, l.errs
}

func TestTrivia(t *testing.T) {
	for _, c := range []struct {
		src, toks, comments string
		errs                int
	}{
		{"a // x\nb", "a|b@nl", "// x", 0},
		{"a // x\r\nb", "a|b@nl", "// x", 0},
		{"a // x\rb", "a|b@nl", "// x", 0},
		{"a // x\u2028b", "a|b@nl", "// x", 0},
		{"a // x\u2029b", "a|b@nl", "// x", 0},
		{"a // é ∀ \u2027 x", "a", "// é ∀ \u2027 x", 0},
		{"a /* x */ b", "a|b", "/* x */", 0},
		{"a /* x\n */ b", "a|b@nl", "/* x\n */", 0},
		{"a /* x\r */ b", "a|b@nl", "/* x\r */", 0},
		{"a /* x\u2028 */ b", "a|b@nl", "/* x\u2028 */", 0},
		{"a /* x \u2027 */ b", "a|b", "/* x \u2027 */", 0},
		{"a /**/ b", "a|b", "/**/", 0},
		{"a /*/ b */ c", "a|c", "/*/ b */", 0},
		{"a /** x * / y **/ b", "a|b", "/** x * / y **/", 0},
		{"a /* x\n", "a", "/* x\n", 1},
		{"a /*/", "a", "/*/", 1},
		{"a //", "a", "//", 0},
		{"#!/usr/bin/env node\nx", "x@nl", "", 0},
		{"a\u00a0\u3000b\u2028c", "a|b|c@nl", "", 0},
		{"a\t\v\f b", "a|b", "", 0},
	} {
		toks, comments, errs := lexTokens(c.src)
		if got := strings.Join(toks, "|"); got != c.toks {
			t.Errorf("%q: tokens %q, want %q", c.src, got, c.toks)
		}
		if got := strings.Join(comments, "|"); got != c.comments {
			t.Errorf("%q: comments %q, want %q", c.src, got, c.comments)
		}
		if len(errs) != c.errs {
			t.Errorf("%q: errors %v, want %d", c.src, errs, c.errs)
		}
	}
}

func TestIdentifiers(t *testing.T) {
	for _, c := range []struct {
		src, toks string
		errs      int
	}{
		{"abc $d _e f1 g$_9", "abc|$d|_e|f1|g$_9", 0},
		{"const constx xconst", "const|constx|xconst", 0},
		{"aé bé1 ∀", "aé|bé1|∀", 1},
		{`a\u0062c d\u{65}`, `a\u0062c|d\u{65}`, 0},
		{`\u0063onst`, `\u0063onst`, 0},
		{"x\\", "x\\", 1},
		{"a.b ...c .5 x?.y x.", "a|.|b|...|c|.5|x|?.|y|x|.", 0},
		{"f(a[0]){};~@x:y,z", "f|(|a|[|0|]|)|{|}|;|~|@|x|:|y|,|z", 0},
	} {
		toks, _, errs := lexTokens(c.src)
		if got := strings.Join(toks, "|"); got != c.toks {
			t.Errorf("%q: tokens %q, want %q", c.src, got, c.toks)
		}
		if len(errs) != c.errs {
			t.Errorf("%q: errors %v, want %d", c.src, errs, c.errs)
		}
	}
	// An escaped keyword is an identifier, an unescaped one a keyword.
	l := lexer{src: []byte(`\u0063onst const`)}
	if l.next(); l.tok != TIdentifier {
		t.Errorf("escaped const is %v, want identifier", l.tok)
	}
	if l.next(); l.tok != TConst {
		t.Errorf("const is %v, want const", l.tok)
	}
}
