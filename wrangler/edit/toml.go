package edit

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/dolint-dev/dolint/wrangler"
)

// collectHeaders lists every [table] and [[table]] header below n.
func (d *Doc) collectHeaders(n *wrangler.SyntaxNode, path []string) {
	for _, m := range n.Members {
		p := append(slices.Clip(path), m.Key)
		v := m.Value
		switch {
		case v.Kind == wrangler.SyntaxArray && v.Form == wrangler.FormAOT:
			for _, e := range v.Elems {
				d.headers = append(d.headers, header{path: p, node: e, start: e.Start, end: e.End})
				d.collectHeaders(e, p)
			}
		case v.Kind == wrangler.SyntaxObject && v.Form == wrangler.FormHeader:
			d.headers = append(d.headers, header{path: p, node: v, start: v.Start, end: v.End})
			d.collectHeaders(v, p)
		case v.Kind == wrangler.SyntaxObject && v.Form == wrangler.FormImplicit:
			d.collectHeaders(v, p)
		}
	}
}

func (d *Doc) measureHeaders() {
	sort.Slice(d.headers, func(i, j int) bool { return d.headers[i].start < d.headers[j].start })
	for i := range d.headers {
		h := &d.headers[i]
		h.next = len(d.src)
		if i+1 < len(d.headers) {
			h.next = d.headers[i+1].start
		}
		h.bodyEnd = d.lastContentLine(d.lineEnd(h.end), h.next)
	}
}

// rootEnd is where the top-level keys end: the first header, or the end.
func (d *Doc) rootEnd() int {
	if len(d.headers) > 0 {
		return d.lineStart(d.headers[0].start)
	}
	return len(d.src)
}

// lastContentLine returns the end of the last line in [from, to) that holds
// more than blanks and comments, or from if there is none.
func (d *Doc) lastContentLine(from, to int) int {
	end := from
	for ls := from; ls < to; {
		le := d.lineEnd(ls)
		if i := d.skipTrivia(ls, false); i < le {
			end = le
		}
		nl := le
		for nl < len(d.src) && (d.src[nl] == '\r' || d.src[nl] == '\n') {
			if d.src[nl] == '\n' {
				nl++
				break
			}
			nl++
		}
		if nl <= ls {
			break
		}
		ls = nl
	}
	return min(end, to)
}

func hasPrefix(p, prefix []string) bool {
	return len(p) >= len(prefix) && slices.Equal(p[:len(prefix)], prefix)
}

// dottedKey writes a key path for a header or a dotted key.
func (d *Doc) dottedKey(path []string) string {
	parts := make([]string, len(path))
	for i, k := range path {
		parts[i] = d.key(k)
	}
	return strings.Join(parts, ".")
}

// lastUnder returns the last header at or below path, starting at or after
// from, or nil.
func (d *Doc) lastUnder(path []string, from int) *header {
	var h *header
	for i := range d.headers {
		if d.headers[i].start >= from && hasPrefix(d.headers[i].path, path) {
			h = &d.headers[i]
		}
	}
	return h
}

// keyIndent returns the indentation of the keys below header h.
func (d *Doc) keyIndent(h *header) string {
	if h == nil {
		return ""
	}
	for _, m := range h.node.Members {
		if m.KeyStart > h.end && m.KeyStart < h.next {
			return d.indentAt(m.KeyStart)
		}
	}
	return ""
}

// tableBody writes the key/value lines of a table.
func (d *Doc) tableBody(o Object, indent string) (string, error) {
	var b strings.Builder
	for i, m := range o {
		if i > 0 {
			b.WriteString(d.eol)
		}
		b.WriteString(indent)
		b.WriteString(d.key(m.Key))
		b.WriteString(" = ")
		b.WriteString(d.render(m.Value, nil, indent, false))
	}
	return b.String(), nil
}

// tables writes one [header] or [[header]] table per value, each preceded
// by sep and separated by a blank line.
func (d *Doc) tables(path []string, aot bool, vals []any, indent, sep, tail string) (string, error) {
	open, close := "[", "]"
	if aot {
		open, close = "[[", "]]"
	}
	var b strings.Builder
	for _, v := range vals {
		o, ok := v.(Object)
		if !ok {
			return "", fmt.Errorf("edit: %s holds a value that is not a table", name(path))
		}
		body, err := d.tableBody(o, indent)
		if err != nil {
			return "", err
		}
		b.WriteString(sep)
		b.WriteString(open + d.dottedKey(path) + close + d.eol + body)
		b.WriteString(tail)
	}
	return b.String(), nil
}

// appendTables adds [[path]] tables after the last one and its sub-tables.
func (d *Doc) appendTables(path []string, arr *wrangler.SyntaxNode, elems []any) ([]Edit, error) {
	last := arr.Elems[len(arr.Elems)-1]
	h := d.lastUnder(path, last.Start)
	if h == nil {
		return nil, fmt.Errorf("edit: no header for %s", name(path))
	}
	sep := d.eol
	if d.blankBefore(last.Start) {
		sep += d.eol
	}
	var own *header
	for i := range d.headers {
		if d.headers[i].node == last {
			own = &d.headers[i]
		}
	}
	text, err := d.tables(path, true, elems, d.keyIndent(own), sep, "")
	if err != nil {
		return nil, err
	}
	return []Edit{{h.bodyEnd, h.bodyEnd, text}}, nil
}

// blankBefore reports whether the header at off, with the comment lines
// right above it, follows a blank line or starts the file.
func (d *Doc) blankBefore(off int) bool {
	s := d.attachedStart(off)
	if s == 0 {
		return true
	}
	prev := d.lineStart(s - 1)
	return d.skipTrivia(prev, false) >= d.lineEnd(prev) && !d.commentLine(prev)
}

func (d *Doc) commentLine(ls int) bool {
	i := ls
	for i < len(d.src) && (d.src[i] == ' ' || d.src[i] == '\t') {
		i++
	}
	return i < len(d.src) && d.src[i] == '#'
}

// attachedStart returns the start of the line at off, moved up over the
// comment lines directly above it.
func (d *Doc) attachedStart(off int) int {
	s := d.lineStart(off)
	for s > 0 {
		prev := d.lineStart(s - 1)
		if !d.commentLine(prev) {
			break
		}
		s = prev
	}
	return s
}

// tomlCreate writes the missing keys path[k:] below the table n. v is the
// value at path; top nests it in the missing keys.
func (d *Doc) tomlCreate(path []string, k int, n *wrangler.SyntaxNode, v, top any, like *wrangler.SyntaxNode, o *options) ([]Edit, error) {
	rest := d.dottedKey(path[k:])
	switch n.Form {
	case wrangler.FormInline:
		return d.insertMember(n, rest, v, nil, o)
	case wrangler.FormDotted:
		return nil, fmt.Errorf("edit: %s is defined by dotted keys; add %s by hand", name(path[:k]), strings.Join(path[k:], "."))
	}
	full := d.likeNode(path, path, o)
	// Arrays of tables also serve a table that has no lines of its own
	// (only [its.sub.tables]), where a key = value line cannot go.
	if arr, ok := v.(Array); ok && allObjects(arr) && (full == nil || full.Form == wrangler.FormAOT || n.Form == wrangler.FormImplicit) {
		return d.createTables(path, k, true, arr, o)
	}
	if n.Form == wrangler.FormImplicit {
		if obj, ok := v.(Object); ok && len(path)-k == 1 {
			return d.createTables(path, k, false, Array{obj}, o)
		}
		return nil, fmt.Errorf("edit: %s has no table of its own to hold %s", name(path[:k]), strings.Join(path[k:], "."))
	}
	return d.addLines(path[:k], n, []string{rest}, []any{v}, d.layoutOf(full), o)
}

func allObjects(a Array) bool {
	for _, e := range a {
		if _, ok := e.(Object); !ok {
			return false
		}
	}
	return len(a) > 0
}

// createTables writes new tables at path ([[path]] tables if aot, else one
// [path] table) for a key the parent path[:k] lacks. At the top level they
// go after the After sibling's tables, else before the first env table, else
// at the end; inside a table, after its last sub-table.
func (d *Doc) createTables(path []string, k int, aot bool, vals Array, o *options) ([]Edit, error) {
	parent := path[:k]
	var after *header
	if o.after != "" {
		after = d.lastUnder(append(slices.Clip(parent), o.after), 0)
	}
	if after == nil && k > 0 {
		after = d.lastUnder(parent, 0)
		if after == nil {
			return nil, fmt.Errorf("edit: no table for %s", name(parent))
		}
	}
	if after == nil {
		for i := range d.headers {
			if d.headers[i].path[0] == "env" {
				// Before the environments, with the comments above them.
				s := d.attachedStart(d.headers[i].start)
				lead := ""
				if s > 0 && !d.blankBefore(d.headers[i].start) {
					lead = d.eol
				}
				text, err := d.tables(path, aot, vals, "", "", d.eol+d.eol)
				if err != nil {
					return nil, err
				}
				return []Edit{{s, s, lead + text}}, nil
			}
		}
		if len(d.headers) > 0 {
			after = &d.headers[len(d.headers)-1]
		}
	}
	at := 0
	indent := ""
	if after != nil {
		at = after.bodyEnd
		if k > 0 {
			indent = d.keyIndent(after)
		}
	} else {
		at = d.lastContentLine(0, len(d.src))
	}
	text, err := d.tables(path, aot, vals, indent, d.eol+d.eol, "")
	if err != nil {
		return nil, err
	}
	if at == 0 {
		text = strings.TrimPrefix(text, d.eol+d.eol) + d.eol
	}
	return []Edit{{at, at, text}}, nil
}

// region returns the key/value lines of the table n at path: the header's
// lines, or the top-level lines before the first header.
func (d *Doc) region(path []string, n *wrangler.SyntaxNode) (start, bodyEnd, end int, ok bool) {
	if len(path) == 0 {
		end = d.rootEnd()
		return 0, d.lastContentLine(0, end), end, true
	}
	for i := range d.headers {
		if d.headers[i].node == n {
			h := &d.headers[i]
			return h.end, h.bodyEnd, h.next, true
		}
	}
	return 0, 0, 0, false
}

// addLines adds key = value lines to the table n at path, after the After
// sibling or after its last key/value line.
func (d *Doc) addLines(path []string, n *wrangler.SyntaxNode, keys []string, vals []any, lay *layout, o *options) ([]Edit, error) {
	start, at, end, ok := d.region(path, n)
	if !ok {
		return nil, fmt.Errorf("edit: %s has no table of its own", name(path))
	}
	indent := ""
	var lastKey = -1
	for _, m := range n.Members {
		if m.KeyStart >= start && m.KeyStart < end {
			if lastKey < 0 {
				indent = d.indentAt(m.KeyStart)
			}
			lastKey = m.KeyStart
			if m.Key == o.after {
				at = d.pastLineComments(deepEnd(m.Value))
			}
		}
	}
	var b strings.Builder
	for i, k := range keys {
		if i > 0 || lastKey >= 0 || len(path) > 0 {
			b.WriteString(d.eol)
		}
		b.WriteString(indent + k + " = " + d.render(vals[i], lay, indent, false))
	}
	if lastKey < 0 && len(path) == 0 {
		// No top-level keys yet: the new ones open the file.
		at = 0
		b.WriteString(d.eol)
		if len(d.headers) > 0 {
			b.WriteString(d.eol)
		}
	}
	return []Edit{{at, at, b.String()}}, nil
}

// addToTable adds keys to a table written with headers: as sub-tables when
// its existing keys are tables of their own ([exports.Counter]), else as
// key = value lines.
func (d *Doc) addToTable(path []string, n *wrangler.SyntaxNode, members []Member, o *options) ([]Edit, error) {
	sub := n.Form == wrangler.FormImplicit
	for _, m := range n.Members {
		if m.Value.Form == wrangler.FormHeader {
			sub = true
		}
	}
	if n.Form == wrangler.FormDotted {
		return nil, fmt.Errorf("edit: %s is defined by dotted keys", name(path))
	}
	if !sub {
		keys := make([]string, len(members))
		vals := make([]any, len(members))
		for i, m := range members {
			keys[i], vals[i] = d.key(m.Key), m.Value
		}
		// Values look like an inline sibling of the same kind.
		var lay *layout
		for _, m := range n.Members {
			if l := d.layoutOf(m.Value); l != nil {
				lay = l
			}
		}
		return d.addLines(path, n, keys, vals, lay, o)
	}
	after := d.lastUnder(path, 0)
	if after == nil {
		return nil, fmt.Errorf("edit: no table for %s", name(path))
	}
	var b strings.Builder
	for _, m := range members {
		obj, ok := m.Value.(Object)
		if !ok {
			return nil, fmt.Errorf("edit: %s.%s is not a table", name(path), m.Key)
		}
		text, err := d.tables(append(slices.Clip(path), m.Key), false, []any{obj}, d.keyIndent(after), d.eol+d.eol, "")
		if err != nil {
			return nil, err
		}
		b.WriteString(text)
	}
	return []Edit{{after.bodyEnd, after.bodyEnd, b.String()}}, nil
}

// deepEnd is where a key's value ends. A table made by dotted keys spans
// only its key, so its own values decide.
func deepEnd(n *wrangler.SyntaxNode) int {
	end := n.End
	if n.Form == wrangler.FormDotted {
		for _, m := range n.Members {
			end = max(end, deepEnd(m.Value))
		}
	}
	return end
}
