package dosrc

import "testing"

func TestNewline(t *testing.T) {
	for src, want := range map[string]string{
		"a\r\nb\n":  "\r\n",
		"a\nb\r\n":  "\n",
		"one line":  "\n",
		"\r\n":      "\r\n",
		"x\r\n\r\n": "\r\n",
	} {
		if got := Newline([]byte(src)); got != want {
			t.Errorf("Newline(%q) = %q, want %q", src, got, want)
		}
	}
}

func TestIndent(t *testing.T) {
	src := []byte("class A {\r\n\tm() {\r\n\t\tx();\r\n\t}\r\n}\n  y\n")
	for _, c := range []struct {
		off  int32
		want string
	}{
		{0, ""},
		{13, "\t"},   // inside "m() {"
		{22, "\t\t"}, // inside "x();"
		{int32(len(src) - 2), "  "},
	} {
		if got := Indent(src, c.off); got != c.want {
			t.Errorf("Indent(%d) = %q, want %q", c.off, got, c.want)
		}
	}
	if got := IndentUnit(src, 22, 13); got != "\t" {
		t.Errorf("IndentUnit = %q, want a tab", got)
	}
	if got := IndentUnit([]byte("a\n    b\n"), 4, 0); got != "    " {
		t.Errorf("IndentUnit = %q, want four spaces", got)
	}
	if got := IndentUnit([]byte("a\nb\n"), 2, 0); got != "  " {
		t.Errorf("IndentUnit with no nesting = %q, want two spaces", got)
	}
}
