package edit

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/dolint-dev/dolint/wrangler"
)

// item is one element of an array, or one key and its value in an object.
type item struct{ start, end int }

// insertItems inserts new items into the inline container n after
// items[after], in the container's layout: one item per line with the
// indentation and comma style of the item before, or on one line after a
// comma. texts renders the new items for an indentation; inline asks for
// one-line renderings.
func (d *Doc) insertItems(n *wrangler.SyntaxNode, items []item, after int, texts func(indent string, inline bool) []string) ([]Edit, error) {
	open, close := n.Start, n.End-1
	if close <= open || close >= len(d.src) {
		return nil, fmt.Errorf("edit: container has no delimiters")
	}
	if len(items) == 0 {
		return d.fillEmpty(n, texts)
	}
	x := items[after]
	comma := d.commaAfter(x.end)
	multiline := bytes.IndexByte(d.src[open:items[0].start], '\n') >= 0
	indent := d.indentAt(x.start)
	var edits []Edit
	if !multiline {
		// [a, b] or the hugging [{ ... }] style: continue on the same line,
		// and keep a one-line container on one line.
		ts := texts(indent, bytes.IndexByte(d.src[open:close], '\n') < 0)
		if comma >= 0 {
			return []Edit{{comma + 1, comma + 1, " " + strings.Join(ts, ", ") + ","}}, nil
		}
		return []Edit{{x.end, x.end, ", " + strings.Join(ts, ", ")}}, nil
	}
	ts := texts(indent, false)
	p := x.end
	if comma >= 0 {
		p = comma + 1
	}
	// A comment at the end of the item's line stays with that item.
	p = d.pastLineComments(p)
	var b strings.Builder
	if comma < 0 {
		if p == x.end {
			b.WriteByte(',')
		} else {
			edits = append(edits, Edit{x.end, x.end, ","})
		}
	}
	for i, t := range ts {
		b.WriteString(d.eol)
		b.WriteString(indent)
		b.WriteString(t)
		if comma >= 0 || i < len(ts)-1 {
			b.WriteByte(',')
		}
	}
	return append(edits, Edit{p, p, b.String()}), nil
}

// fillEmpty writes the first items into [] or {}.
func (d *Doc) fillEmpty(n *wrangler.SyntaxNode, texts func(indent string, inline bool) []string) ([]Edit, error) {
	open, close := n.Start, n.End-1
	inner := d.src[open+1 : close]
	if len(bytes.TrimSpace(inner)) != 0 {
		return nil, fmt.Errorf("edit: the empty container holds comments")
	}
	indent := d.indentAt(open)
	tomlTable := d.toml && n.Kind == wrangler.SyntaxObject
	if bytes.IndexByte(inner, '\n') < 0 || tomlTable {
		joined := strings.Join(texts(indent, tomlTable), ", ")
		if !strings.Contains(joined, "\n") {
			pad := d.arrPad
			if n.Kind == wrangler.SyntaxObject {
				pad = d.objPad
			}
			return []Edit{{open + 1, close, pad + joined + pad}}, nil
		}
	}
	var b strings.Builder
	ts := texts(indent+d.unit, false)
	for i, t := range ts {
		b.WriteString(d.eol)
		b.WriteString(indent + d.unit)
		b.WriteString(t)
		if i < len(ts)-1 || d.trailing {
			b.WriteByte(',')
		}
	}
	b.WriteString(d.eol)
	b.WriteString(indent)
	return []Edit{{open + 1, close, b.String()}}, nil
}

// commaAfter returns the offset of the comma that follows a value ending at
// off, across blanks and comments, or -1.
func (d *Doc) commaAfter(off int) int {
	i := d.skipTrivia(off, true)
	if i < len(d.src) && d.src[i] == ',' {
		return i
	}
	return -1
}

// skipTrivia skips blanks and comments, and newlines if lines is set.
func (d *Doc) skipTrivia(i int, lines bool) int {
	for i < len(d.src) {
		c := d.src[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '\n' || c == '\r':
			if !lines {
				return i
			}
			i++
		case d.toml && c == '#', !d.toml && bytes.HasPrefix(d.src[i:], []byte("//")):
			if !lines {
				return d.lineEnd(i)
			}
			i = d.lineEnd(i)
		case !d.toml && bytes.HasPrefix(d.src[i:], []byte("/*")):
			j := bytes.Index(d.src[i+2:], []byte("*/"))
			if j < 0 {
				return len(d.src)
			}
			if !lines && bytes.IndexByte(d.src[i:i+2+j], '\n') >= 0 {
				return i
			}
			i += j + 4
		default:
			return i
		}
	}
	return i
}

// pastLineComments returns the end of the line at off when only blanks and
// comments follow off on it, else off.
func (d *Doc) pastLineComments(off int) int {
	i := d.skipTrivia(off, false)
	if i >= len(d.src) || d.src[i] == '\n' || d.src[i] == '\r' {
		return d.lineEnd(off)
	}
	return off
}

// lineEnd is the offset of the line break (\n, or the \r of \r\n) of the
// line holding off, or the end of the file.
func (d *Doc) lineEnd(off int) int {
	j := bytes.IndexByte(d.src[off:], '\n')
	if j < 0 {
		return len(d.src)
	}
	j += off
	if j > 0 && d.src[j-1] == '\r' {
		j--
	}
	return max(j, off)
}

func (d *Doc) lineStart(off int) int {
	return bytes.LastIndexByte(d.src[:off], '\n') + 1
}

// indentAt returns the blanks that start the line holding off.
func (d *Doc) indentAt(off int) string {
	s := d.lineStart(off)
	e := s
	for e < len(d.src) && (d.src[e] == ' ' || d.src[e] == '\t') {
		e++
	}
	return string(d.src[s:e])
}
