package edit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/dolint-dev/dolint/wrangler"
)

// Values to insert are plain Go values: string, bool, int, float64, Object,
// Array, or Raw for a literal copied from a config file.

// Object is an object (a TOML table) with its keys in order.
type Object []Member

// Member is one key of an Object.
type Member struct {
	Key   string
	Value any
}

// Array is an array.
type Array []any

// Raw is a scalar copied from a config file: inserted into a file of the
// same syntax it keeps its spelling (quotes, escapes), otherwise it is
// written from Value.
type Raw struct {
	Text  string
	TOML  bool // Text is TOML
	Value any  // string, float64, bool or nil
}

// layout is the shape of an existing value that new values copy: whether
// each container spans lines, its padding inside the delimiters, and
// whether its last item is followed by a comma.
type layout struct {
	multi    bool
	pad      string
	padKnown bool
	trail    bool
	elem     *layout
	members  map[string]*layout
}

func (l *layout) member(key string) *layout {
	if l == nil {
		return nil
	}
	return l.members[key]
}

func (l *layout) element() *layout {
	if l == nil {
		return nil
	}
	return l.elem
}

// layoutOf reads the layout of an inline container in the file.
func (d *Doc) layoutOf(n *wrangler.SyntaxNode) *layout {
	if n == nil || n.Form != wrangler.FormInline || (n.Kind != wrangler.SyntaxArray && n.Kind != wrangler.SyntaxObject) {
		return nil
	}
	l := &layout{multi: bytes.IndexByte(d.src[n.Start:n.End], '\n') >= 0}
	if !l.multi && n.End-n.Start > 2 && (len(n.Elems) > 0 || len(n.Members) > 0) {
		l.padKnown = true
		if c := d.src[n.Start+1]; c == ' ' || c == '\t' {
			l.pad = " "
		}
	}
	if n.Kind == wrangler.SyntaxArray && len(n.Elems) > 0 {
		last := n.Elems[len(n.Elems)-1]
		l.elem = d.layoutOf(last)
		l.trail = d.commaAfter(last.End) >= 0
	}
	if n.Kind == wrangler.SyntaxObject && len(n.Members) > 0 {
		l.members = map[string]*layout{}
		for _, m := range n.Members {
			if ml := d.layoutOf(m.Value); ml != nil {
				l.members[m.Key] = ml
			}
		}
		l.trail = d.commaAfter(n.Members[len(n.Members)-1].Value.End) >= 0
	}
	return l
}

// defaultMulti says whether a new value without a model spans lines: arrays
// of objects do, one object per line, and so do objects holding them.
// Everything else stays on one line.
func defaultMulti(v any) bool {
	switch t := v.(type) {
	case Array:
		for _, e := range t {
			if _, ok := e.(Object); ok {
				return true
			}
		}
	case Object:
		for _, m := range t {
			if defaultMulti(m.Value) {
				return true
			}
		}
	}
	return false
}

// render writes v in the file's syntax. indent is the indentation of the
// line v starts on; inline forces one line (TOML inline tables).
func (d *Doc) render(v any, l *layout, indent string, inline bool) string {
	var b strings.Builder
	d.write(&b, v, l, indent, inline)
	return b.String()
}

func (d *Doc) write(b *strings.Builder, v any, l *layout, indent string, inline bool) {
	switch t := v.(type) {
	case Object:
		if d.toml {
			inline = true // TOML 1.0 inline tables are one line
		}
		multi := !inline && len(t) > 0 && (l != nil && l.multi || l == nil && defaultMulti(t))
		d.container(b, '{', '}', len(t), l, indent, multi, d.objPad, func(i int, ind string) {
			b.WriteString(d.key(t[i].Key))
			b.WriteString(d.sep())
			d.write(b, t[i].Value, l.member(t[i].Key), ind, inline)
		})
	case Array:
		multi := !inline && len(t) > 0 && (l != nil && l.multi || l == nil && defaultMulti(t))
		// Inside a TOML inline table nothing may span lines.
		inner := inline
		d.container(b, '[', ']', len(t), l, indent, multi, d.arrPad, func(i int, ind string) {
			d.write(b, t[i], l.element(), ind, inner)
		})
	default:
		b.WriteString(d.scalar(v))
	}
}

func (d *Doc) container(b *strings.Builder, open, close byte, n int, l *layout, indent string, multi bool, pad string, item func(i int, indent string)) {
	if l != nil && l.padKnown {
		pad = l.pad
	}
	if open == '[' && l == nil {
		pad = d.arrPad
	}
	b.WriteByte(open)
	if n == 0 {
		b.WriteByte(close)
		return
	}
	if !multi {
		b.WriteString(pad)
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			item(i, indent)
		}
		b.WriteString(pad)
		b.WriteByte(close)
		return
	}
	trail := d.trailing
	if l != nil {
		trail = l.trail
	}
	inner := indent + d.unit
	for i := 0; i < n; i++ {
		b.WriteString(d.eol)
		b.WriteString(inner)
		item(i, inner)
		if i < n-1 || trail {
			b.WriteByte(',')
		}
	}
	b.WriteString(d.eol)
	b.WriteString(indent)
	b.WriteByte(close)
}

// sep is what stands between a key and its value.
func (d *Doc) sep() string {
	if d.toml {
		return " = "
	}
	return ": "
}

func (d *Doc) key(k string) string {
	if d.toml && bareKey(k) {
		return k
	}
	return d.str(k)
}

func bareKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

func (d *Doc) scalar(v any) string {
	switch t := v.(type) {
	case Raw:
		if t.TOML == d.toml {
			return t.Text
		}
		return d.scalar(t.Value)
	case string:
		return d.str(t)
	case bool:
		return strconv.FormatBool(t)
	case int:
		return strconv.Itoa(t)
	case float64:
		if t == math.Trunc(t) && math.Abs(t) < 1e15 {
			return strconv.FormatInt(int64(t), 10)
		}
		return strconv.FormatFloat(t, 'g', -1, 64)
	case nil:
		if d.toml {
			return `""` // TOML has no null; never produced by the fixes
		}
		return "null"
	}
	panic(fmt.Sprintf("edit: cannot render %T", v))
}

// str quotes s as a JSON string or a TOML basic string.
func (d *Doc) str(s string) string {
	if !d.toml {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(s)
		return strings.TrimSuffix(b.String(), "\n")
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Copy returns a value that inserts as a copy of n: scalars keep their
// spelling, containers are laid out again where they go.
func (d *Doc) Copy(n *wrangler.SyntaxNode) any {
	switch n.Kind {
	case wrangler.SyntaxObject:
		o := make(Object, 0, len(n.Members))
		for _, m := range n.Members {
			o = append(o, Member{m.Key, d.Copy(m.Value)})
		}
		return o
	case wrangler.SyntaxArray:
		a := make(Array, len(n.Elems))
		for i, e := range n.Elems {
			a[i] = d.Copy(e)
		}
		return a
	}
	return Raw{Text: string(d.src[n.Start:n.End]), TOML: d.toml, Value: n.Value}
}
