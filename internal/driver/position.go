package driver

import (
	"go/token"
	"unicode/utf8"
)

// Position is a place in a file as editors count it: 1-based line, and a
// 1-based column in UTF-16 code units (what LSP, SARIF viewers and GitHub
// annotations expect), with the byte offset kept for edits.
type Position struct {
	Filename string
	Offset   int
	Line     int
	Column   int
}

// Position resolves pos. Columns fall back to bytes when the file cannot
// be read.
func (r *Result) Position(pos token.Pos) Position {
	p := r.Fset.Position(pos)
	out := Position{Filename: p.Filename, Offset: p.Offset, Line: p.Line, Column: p.Column}
	if !p.IsValid() {
		return out
	}
	src, err := r.Files.Read(p.Filename)
	if err != nil || p.Offset > len(src) {
		return out
	}
	out.Column = UTF16Column(src, p.Offset-(p.Column-1), p.Offset)
	return out
}

// UTF16Column counts UTF-16 code units from lineStart to offset, plus one.
func UTF16Column(src []byte, lineStart, offset int) int {
	if lineStart < 0 {
		lineStart = 0
	}
	col := 1
	for i := lineStart; i < offset; {
		r, size := utf8.DecodeRune(src[i:])
		if r >= 0x10000 {
			col += 2
		} else {
			col++
		}
		i += size
	}
	return col
}
