package lsp

import (
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

// LSP counts characters in UTF-16 code units: an emoji before a finding on
// its line is two of them, an accented letter one, though they are four
// and two bytes.
func TestPositionsUTF16(t *testing.T) {
	src := "const a = \"é😀\"; run(a);\r\nnext();\n"
	l := newLines([]byte(src))
	run := strings.Index(src, "run")
	next := strings.Index(src, "next")
	for _, c := range []struct {
		off  int
		want protocol.Position
	}{
		{0, protocol.Position{Line: 0, Character: 0}},
		{run, protocol.Position{Line: 0, Character: 17}},
		{next, protocol.Position{Line: 1, Character: 0}},
		{len(src), protocol.Position{Line: 2, Character: 0}},
	} {
		got := l.position(c.off)
		if got != c.want {
			t.Errorf("position(%d) = %+v, want %+v", c.off, got, c.want)
		}
		if back := l.offset(got); back != c.off {
			t.Errorf("offset(%+v) = %d, want %d", got, back, c.off)
		}
	}
	// A character past the end of a line stops at the line's end.
	if got := l.offset(protocol.Position{Line: 1, Character: 99}); got != len(src)-1 {
		t.Errorf("offset past the line's end = %d, want %d", got, len(src)-1)
	}
}
