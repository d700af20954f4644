package dosrc

import "bytes"

// Newline is the line ending a file uses: "\r\n" when its first line ends
// so, else "\n". Fixes that insert lines use it, so that they do not mix
// line endings.
func Newline(src []byte) string {
	if i := bytes.IndexByte(src, '\n'); i > 0 && src[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

// LineStart returns the offset of the first byte of the line holding off.
func LineStart(src []byte, off int32) int32 {
	for off > 0 && src[off-1] != '\n' && src[off-1] != '\r' {
		off--
	}
	return off
}

// Indent returns the whitespace that starts the line holding off.
func Indent(src []byte, off int32) string {
	s := LineStart(src, off)
	e := s
	for int(e) < len(src) && (src[e] == ' ' || src[e] == '\t') {
		e++
	}
	return string(src[s:e])
}

// IndentUnit guesses one level of indentation from the line holding off
// and its enclosing line: a tab when the file indents with tabs, else two
// spaces unless the nesting shows another width.
func IndentUnit(src []byte, inner, outer int32) string {
	in, out := Indent(src, inner), Indent(src, outer)
	if len(in) > len(out) && in[:len(out)] == out {
		return in[len(out):]
	}
	if len(out) > 0 && out[0] == '\t' {
		return "\t"
	}
	return "  "
}
