package wrangler

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/pelletier/go-toml/v2/unstable"
)

// Table flags enforce TOML's rules on defining a table twice.
const (
	tfHeader   = 1 << iota // defined by a [header]
	tfImplicit             // created as the parent of a [header] path
	tfDotted               // created by a dotted key
	tfInline               // inline table or array value: closed for extension
	tfAOT                  // array of tables ([[header]])
)

var lowererPool = sync.Pool{New: func() any { return new(tomlLowerer) }}

type tomlLowerer struct {
	p    unstable.Parser
	src  []byte
	base int
}

// tomlError is a semantic error (duplicate keys, redefined tables) at an
// offset relative to src.
type tomlError struct {
	off int
	msg string
}

func (e *tomlError) Error() string { return e.msg }

// parseTOML lowers src to the value tree. The unstable parser checks the
// grammar; the table and key rules the grammar cannot express (a key or a
// table defined twice, extending an inline table) are checked here, since
// wrangler's TOML parser rejects those files too.
func parseTOML(src []byte, base int) (*value, int, string) {
	// The parser keeps its node buffer across Resets; pooling it saves
	// regrowing that buffer for every file. Nothing in the result aliases
	// the parser's nodes.
	t := lowererPool.Get().(*tomlLowerer)
	defer func() {
		t.src = nil
		t.p.Reset(nil)
		lowererPool.Put(t)
	}()
	t.src, t.base = src, base
	t.p.Reset(src)
	root := &value{kind: kObject, start: base, end: base + len(src), tomlFlags: tfHeader}
	cur := root
	for t.p.NextExpression() {
		e := t.p.Expression()
		var err error
		switch e.Kind {
		case unstable.KeyValue:
			err = t.keyValue(cur, e, 0)
		case unstable.Table:
			cur, err = t.table(root, e, false)
		case unstable.ArrayTable:
			cur, err = t.table(root, e, true)
		}
		if err != nil {
			var te *tomlError
			if errors.As(err, &te) {
				return nil, base + te.off, "TOML syntax error: " + te.msg
			}
			return nil, base, "TOML syntax error: " + err.Error()
		}
	}
	if err := t.p.Error(); err != nil {
		off, msg := t.parserError(err)
		return nil, base + off, "TOML syntax error: " + msg
	}
	return root, 0, ""
}

func (t *tomlLowerer) parserError(err error) (off int, msg string) {
	var pe *unstable.ParserError
	if !errors.As(err, &pe) {
		return 0, err.Error()
	}
	func() {
		defer func() { _ = recover() }() // Range panics on a foreign slice
		off = int(t.p.Range(pe.Highlight).Offset)
	}()
	return off, pe.Message
}

func (t *tomlLowerer) fail(off int, format string, args ...any) error {
	return &tomlError{off: off, msg: fmt.Sprintf(format, args...)}
}

// keyParts returns the key nodes of a KeyValue, Table or ArrayTable.
func keyParts(n *unstable.Node, buf []*unstable.Node) []*unstable.Node {
	parts := buf[:0]
	it := n.Key()
	for it.Next() {
		parts = append(parts, it.Node())
	}
	return parts
}

func rawEnd(n *unstable.Node) int { return int(n.Raw.Offset + n.Raw.Length) }

// headerRange finds the brackets around a [table] or [[array]] header.
func (t *tomlLowerer) headerRange(parts []*unstable.Node, double bool) (int, int) {
	start := int(parts[0].Raw.Offset)
	for start > 0 && t.src[start] != '[' {
		start--
	}
	if double && start > 0 && t.src[start-1] == '[' {
		start--
	}
	end := rawEnd(parts[len(parts)-1])
	for end < len(t.src) && t.src[end] != ']' {
		end++
	}
	end++
	if double && end < len(t.src) && t.src[end] == ']' {
		end++
	}
	if end > len(t.src) {
		end = len(t.src)
	}
	return start, end
}

func dotted(parts []*unstable.Node) string {
	s := make([]string, len(parts))
	for i, p := range parts {
		s[i] = string(p.Data)
	}
	return strings.Join(s, ".")
}

func (t *tomlLowerer) newMember(parent *value, k *unstable.Node, v *value) {
	parent.members = append(parent.members, member{
		key: string(k.Data), kstart: t.base + int(k.Raw.Offset), kend: t.base + rawEnd(k), val: v,
	})
}

// table handles [a.b.c] and [[a.b.c]] and returns the table that following
// key/values fill.
func (t *tomlLowerer) table(root *value, n *unstable.Node, array bool) (*value, error) {
	var buf [4]*unstable.Node
	parts := keyParts(n, buf[:])
	hs, he := t.headerRange(parts, array)
	cur := root
	for _, k := range parts[:len(parts)-1] {
		child := cur.get(string(k.Data))
		switch {
		case child == nil:
			child = &value{kind: kObject, start: t.base + int(k.Raw.Offset), end: t.base + rawEnd(k), tomlFlags: tfImplicit}
			t.newMember(cur, k, child)
		case child.kind == kArray && child.tomlFlags&tfAOT != 0:
			child = child.elems[len(child.elems)-1]
		case child.kind != kObject || child.tomlFlags&tfInline != 0:
			return nil, t.fail(int(k.Raw.Offset), "%q is already defined as a value and cannot be extended by a table header", dotted(parts))
		}
		cur = child
	}
	last := parts[len(parts)-1]
	child := cur.get(string(last.Data))
	if array {
		entry := &value{kind: kObject, start: t.base + hs, end: t.base + he, tomlFlags: tfHeader}
		switch {
		case child == nil:
			child = &value{kind: kArray, start: t.base + hs, end: t.base + he, tomlFlags: tfAOT}
			t.newMember(cur, last, child)
		case child.kind != kArray || child.tomlFlags&tfAOT == 0:
			return nil, t.fail(int(last.Raw.Offset), "%q is already defined and is not an array of tables", dotted(parts))
		}
		child.elems = append(child.elems, entry)
		return entry, nil
	}
	switch {
	case child == nil:
		child = &value{kind: kObject, start: t.base + hs, end: t.base + he, tomlFlags: tfHeader}
		t.newMember(cur, last, child)
	case child.kind != kObject || child.tomlFlags&(tfInline|tfDotted) != 0:
		return nil, t.fail(int(last.Raw.Offset), "%q is already defined as a value and cannot be redefined as a table", dotted(parts))
	case child.tomlFlags&tfHeader != 0:
		return nil, t.fail(int(last.Raw.Offset), "table [%s] is defined twice", dotted(parts))
	default:
		// A parent created implicitly by an earlier [a.b.c] now gets its own
		// header; point at the header from now on.
		child.tomlFlags = tfHeader
		child.start, child.end = t.base+hs, t.base+he
	}
	return child, nil
}

// keyValue sets a (possibly dotted) key in tbl. flags marks tables created
// on the way (tfInline inside inline tables).
func (t *tomlLowerer) keyValue(tbl *value, kv *unstable.Node, flags uint8) error {
	var buf [4]*unstable.Node
	parts := keyParts(kv, buf[:])
	cur := tbl
	for _, k := range parts[:len(parts)-1] {
		child := cur.get(string(k.Data))
		switch {
		case child == nil:
			child = &value{kind: kObject, start: t.base + int(k.Raw.Offset), end: t.base + rawEnd(k), tomlFlags: tfDotted | flags}
			t.newMember(cur, k, child)
		case child.kind != kObject || child.tomlFlags&tfDotted == 0 || child.tomlFlags&tfInline != flags&tfInline:
			return t.fail(int(k.Raw.Offset), "key %q cannot be extended with a dotted key: it is already defined", dotted(parts))
		}
		cur = child
	}
	last := parts[len(parts)-1]
	if cur.member(string(last.Data)) != nil {
		return t.fail(int(last.Raw.Offset), "key %q is defined twice", dotted(parts))
	}
	vstart := t.skipSpace(rawEnd(last))
	if vstart < len(t.src) && t.src[vstart] == '=' {
		vstart = t.skipSpace(vstart + 1)
	}
	v, err := t.lower(kv.Value(), vstart)
	if err != nil {
		return err
	}
	t.newMember(cur, last, v)
	return nil
}

func (t *tomlLowerer) skipSpace(off int) int {
	for off < len(t.src) && (t.src[off] == ' ' || t.src[off] == '\t') {
		off++
	}
	return off
}

// skipTrivia skips what may stand between array elements or inline table
// entries: blanks, newlines, comments and commas. The parser has already
// checked the grammar, so skipping commas blindly is safe.
func (t *tomlLowerer) skipTrivia(off int) int {
	for off < len(t.src) {
		switch t.src[off] {
		case ' ', '\t', '\r', '\n', ',':
			off++
		case '#':
			for off < len(t.src) && t.src[off] != '\n' {
				off++
			}
		default:
			return off
		}
	}
	return off
}

// lower converts a value node. start is the value's first byte, needed for
// arrays, which carry no range of their own.
func (t *tomlLowerer) lower(n *unstable.Node, start int) (*value, error) {
	v := &value{start: t.base + start}
	switch n.Kind {
	case unstable.Array:
		v.kind = kArray
		v.tomlFlags = tfInline
		cur := start + 1
		for it := n.Children(); it.Next(); {
			c := it.Node()
			if c.Kind == unstable.Comment {
				continue
			}
			cs := t.skipTrivia(cur)
			e, err := t.lower(c, cs)
			if err != nil {
				return nil, err
			}
			v.elems = append(v.elems, e)
			cur = e.end - t.base
		}
		cur = t.skipTrivia(cur) // now at ']'
		v.end = t.base + min(cur+1, len(t.src))
		return v, nil
	case unstable.InlineTable:
		v.kind = kObject
		v.tomlFlags = tfInline
		cur := int(n.Raw.Offset) + 1
		for it := n.Children(); it.Next(); {
			c := it.Node()
			if c.Kind != unstable.KeyValue {
				continue
			}
			if err := t.inlineGap(cur, int(c.Raw.Offset), false); err != nil {
				return nil, err
			}
			if err := t.keyValue(v, c, tfInline); err != nil {
				return nil, err
			}
			cur = rawEnd(c)
		}
		end := t.skipTrivia(cur) // now at '}'
		if err := t.inlineGap(cur, end, len(v.members) > 0); err != nil {
			return nil, err
		}
		v.end = t.base + min(end+1, len(t.src))
		return v, nil
	}

	v.start, v.end = t.base+int(n.Raw.Offset), t.base+rawEnd(n)
	switch n.Kind {
	case unstable.String:
		v.kind = kString
		v.str = string(n.Data)
	case unstable.Bool:
		v.kind = kBool
		v.b = string(n.Data) == "true"
	case unstable.Integer:
		v.kind = kNumber
		v.num = tomlInt(string(n.Data))
	case unstable.Float:
		v.kind = kNumber
		v.num = tomlFloat(string(n.Data))
	default: // dates and times
		v.kind = kDate
		v.str = string(n.Data)
	}
	return v, nil
}

// inlineGap checks the bytes between the entries of an inline table.
// go-toml accepts TOML 1.1, where inline tables may span lines and end with
// a comma; wrangler's parser (smol-toml) implements TOML 1.0 and rejects
// both, so dolint does too, with the same wording (observed with wrangler
// 4.86).
func (t *tomlLowerer) inlineGap(from, to int, last bool) error {
	for i := from; i < to && i < len(t.src); i++ {
		switch t.src[i] {
		case '\n', '\r':
			return t.fail(i, "newlines are not allowed in inline tables")
		case '#':
			for i < to && t.src[i] != '\n' {
				i++
			}
			return t.fail(i, "newlines are not allowed in inline tables")
		case ',':
			if last {
				return t.fail(i, "trailing commas are not allowed in inline tables")
			}
		}
	}
	return nil
}

func tomlInt(s string) float64 {
	s = strings.ReplaceAll(s, "_", "")
	base := 10
	neg := false
	digits := s
	if strings.HasPrefix(digits, "+") || strings.HasPrefix(digits, "-") {
		neg = digits[0] == '-'
		digits = digits[1:]
	}
	if len(digits) > 2 && digits[0] == '0' {
		switch digits[1] {
		case 'x':
			base = 16
		case 'o':
			base = 8
		case 'b':
			base = 2
		}
		if base != 10 {
			digits = digits[2:]
		}
	}
	n, err := strconv.ParseUint(digits, base, 64)
	if err != nil {
		f, _ := strconv.ParseFloat(digits, 64)
		if neg {
			return -f
		}
		return f
	}
	f := float64(n)
	if neg {
		f = -f
	}
	return f
}

func tomlFloat(s string) float64 {
	s = strings.ReplaceAll(s, "_", "")
	switch strings.TrimLeft(s, "+-") {
	case "inf":
		if strings.HasPrefix(s, "-") {
			return math.Inf(-1)
		}
		return math.Inf(1)
	case "nan":
		return math.NaN()
	}
	f, _ := strconv.ParseFloat(s, 64)
	return f
}
