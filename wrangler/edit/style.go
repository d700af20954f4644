package edit

import (
	"bytes"

	"github.com/dolint-dev/dolint/wrangler"
)

// detectStyle reads the file's conventions for the parts it has no nearer
// model for: line endings, indentation unit, padding inside one-line
// brackets and braces, and trailing commas.
func (d *Doc) detectStyle() {
	d.eol = "\n"
	if i := bytes.IndexByte(d.src, '\n'); i > 0 && d.src[i-1] == '\r' {
		d.eol = "\r\n"
	}

	d.unit = "  "
	tabs, spaces, least := 0, 0, 0
	for _, line := range bytes.Split(d.src, []byte("\n")) {
		n := 0
		for n < len(line) && line[n] == ' ' {
			n++
		}
		rest := bytes.TrimSpace(line[n:])
		if len(rest) == 0 || rest[0] == '*' || rest[0] == '/' || rest[0] == '#' {
			continue // blank, or a comment's continuation
		}
		switch {
		case line[0] == '\t':
			tabs++
		case n > 0:
			spaces++
			if least == 0 || n < least {
				least = n
			}
		}
	}
	switch {
	case tabs > spaces:
		d.unit = "\t"
	case least > 0 && least <= 8:
		d.unit = string(bytes.Repeat([]byte(" "), least))
	}

	d.objPad, d.arrPad = " ", ""
	var objSeen, arrSeen bool
	multi, trailing := 0, 0
	var walk func(n *wrangler.SyntaxNode)
	walk = func(n *wrangler.SyntaxNode) {
		if l := d.layoutOf(n); l != nil && (l.multi || l.padKnown) {
			if l.multi && len(n.Elems)+len(n.Members) > 0 {
				multi++
				if l.trail {
					trailing++
				}
			} else if l.multi {
			} else if n.Kind == wrangler.SyntaxObject && !objSeen {
				d.objPad, objSeen = l.pad, true
			} else if n.Kind == wrangler.SyntaxArray && !arrSeen && allScalars(n) {
				d.arrPad, arrSeen = l.pad, true
			}
		}
		for _, m := range n.Members {
			walk(m.Value)
		}
		for _, e := range n.Elems {
			walk(e)
		}
	}
	walk(d.root)
	d.trailing = multi > 0 && 2*trailing >= multi
}

func allScalars(n *wrangler.SyntaxNode) bool {
	for _, e := range n.Elems {
		if e.Kind == wrangler.SyntaxArray || e.Kind == wrangler.SyntaxObject {
			return false
		}
	}
	return true
}
