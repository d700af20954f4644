// Package edit computes small text edits to a wrangler config that keep the
// user's formatting: new array elements and object keys take the
// indentation, line layout, comma style, padding and line endings of the
// file around them, and comments stay where they are. Both syntaxes are
// handled: JSONC (wrangler.jsonc, wrangler.json) and TOML, where arrays of
// tables get new [[headers]] and inline arrays get new inline tables.
//
// Paths name values by key from the top of the file, for example
// {"env", "staging", "durable_objects", "bindings"}.
package edit

import (
	"bytes"
	"fmt"
	"go/token"
	"strings"

	"github.com/dolint-dev/dolint/wrangler"
	"golang.org/x/tools/go/analysis"
)

// Edit replaces Src[Start:End] with New.
type Edit struct {
	Start, End int
	New        string
}

// Doc is a config file opened for editing. Edits are computed against the
// file as it is; a Doc does not apply them.
type Doc struct {
	file *token.File
	src  []byte
	toml bool
	root *wrangler.SyntaxNode

	eol      string // "\n" or "\r\n"
	unit     string // one level of indentation
	objPad   string // inside { } on one line
	arrPad   string // inside [ ] on one line
	trailing bool   // multi-line containers put a comma after their last item

	headers []header // TOML [headers] in file order
}

// header is a TOML [table] or [[table]] header and the lines it owns.
type header struct {
	path       []string
	node       *wrangler.SyntaxNode
	start, end int // the header text
	bodyEnd    int // end of its last key/value line, or of the header line
	next       int // start of the next header, or the end of the file
}

// Open prepares cfg for editing. It fails for a file that does not parse.
func Open(cfg *wrangler.Config) (*Doc, error) {
	root, err := wrangler.ParseSyntax(cfg.Format, cfg.Src)
	if err != nil {
		return nil, err
	}
	d := &Doc{file: cfg.File, src: cfg.Src, toml: cfg.Format == wrangler.TOML, root: root}
	d.detectStyle()
	if d.toml {
		d.collectHeaders(root, nil)
		d.measureHeaders()
	}
	return d, nil
}

// TextEdits converts edits to analysis TextEdits in the config's FileSet.
func (d *Doc) TextEdits(es []Edit) []analysis.TextEdit {
	out := make([]analysis.TextEdit, len(es))
	for i, e := range es {
		out[i] = analysis.TextEdit{Pos: d.file.Pos(e.Start), End: d.file.Pos(e.End), NewText: []byte(e.New)}
	}
	return out
}

// Apply returns the file with es applied; es must not overlap. It is for
// tests and previews: fixes hand their edits to the fix driver instead.
func (d *Doc) Apply(es []Edit) []byte {
	sorted := append([]Edit(nil), es...)
	for i := 1; i < len(sorted); i++ {
		for j := i; j > 0 && sorted[j].Start < sorted[j-1].Start; j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	var b bytes.Buffer
	last := 0
	for _, e := range sorted {
		b.Write(d.src[last:e.Start])
		b.WriteString(e.New)
		last = e.End
	}
	b.Write(d.src[last:])
	return b.Bytes()
}

// Node returns the value at path, or nil.
func (d *Doc) Node(path ...string) *wrangler.SyntaxNode {
	n, k := d.lookup(path)
	if k != len(path) {
		return nil
	}
	return n
}

// lookup returns the deepest value along path and how many keys it matched.
func (d *Doc) lookup(path []string) (*wrangler.SyntaxNode, int) {
	n := d.root
	for i, k := range path {
		c := n.Get(k)
		if c == nil {
			return n, i
		}
		n = c
	}
	return n, len(path)
}

// Option adjusts where and how new keys are written.
type Option func(*options)

type options struct {
	after string
	like  []string
}

// After puts a new key right after the sibling key, when that exists,
// rather than last: "migrations" after "durable_objects".
func After(key string) Option { return func(o *options) { o.after = key } }

// Like makes created containers copy the layout of an existing value: the
// path's last keys are matched against the target path's, so
// Like("durable_objects", "bindings") shapes a new
// env.<e>.durable_objects like the top-level one. In TOML it also chooses
// between [[array of tables]] and an inline array.
func Like(path ...string) Option { return func(o *options) { o.like = path } }

// Append appends elems to the array at path. Missing keys on the way are
// created.
func (d *Doc) Append(path []string, elems []any, opts ...Option) ([]Edit, error) {
	var o options
	for _, f := range opts {
		f(&o)
	}
	if len(path) == 0 || len(elems) == 0 {
		return nil, fmt.Errorf("edit: nothing to append")
	}
	n, k := d.lookup(path)
	if k < len(path) {
		return d.create(path, k, n, Array(elems), &o)
	}
	if n.Kind != wrangler.SyntaxArray {
		return nil, fmt.Errorf("%s is not an array", name(path))
	}
	if n.Form == wrangler.FormAOT {
		return d.appendTables(path, n, elems)
	}
	items := make([]item, len(n.Elems))
	for i, e := range n.Elems {
		items[i] = item{start: e.Start, end: e.End}
	}
	var lay *layout
	if len(n.Elems) > 0 {
		lay = d.layoutOf(n.Elems[len(n.Elems)-1])
	} else {
		lay = d.layoutOf(d.likeNode(path, path, &o))
		lay = lay.element()
	}
	texts := func(indent string, inline bool) []string {
		out := make([]string, len(elems))
		for i, e := range elems {
			out[i] = d.render(e, lay, indent, inline || d.toml && isObject(e))
		}
		return out
	}
	return d.insertItems(n, items, len(items)-1, texts)
}

// AddMembers adds keys to the object at path, creating it if needed. The
// keys must not exist yet.
func (d *Doc) AddMembers(path []string, members []Member, opts ...Option) ([]Edit, error) {
	var o options
	for _, f := range opts {
		f(&o)
	}
	if len(members) == 0 {
		return nil, fmt.Errorf("edit: nothing to add")
	}
	n, k := d.lookup(path)
	if k < len(path) {
		if len(path) == 0 {
			return nil, fmt.Errorf("edit: no object")
		}
		return d.create(path, k, n, Object(members), &o)
	}
	if n.Kind != wrangler.SyntaxObject {
		return nil, fmt.Errorf("%s is not an object", name(path))
	}
	for _, m := range members {
		if n.Get(m.Key) != nil {
			return nil, fmt.Errorf("%s already has the key %q", name(path), m.Key)
		}
	}
	if d.toml && n.Form != wrangler.FormInline {
		return d.addToTable(path, n, members, &o)
	}
	return d.addToInline(n, members, &o)
}

// addToInline adds members to a JSON object or TOML inline table.
func (d *Doc) addToInline(n *wrangler.SyntaxNode, members []Member, o *options) ([]Edit, error) {
	items := make([]item, len(n.Members))
	after := len(items) - 1
	for i, m := range n.Members {
		items[i] = item{start: m.KeyStart, end: m.Value.End}
		if m.Key == o.after {
			after = i
		}
	}
	// New values look like the siblings of their kind.
	var model map[bool]*layout
	for _, m := range n.Members {
		if l := d.layoutOf(m.Value); l != nil {
			if model == nil {
				model = map[bool]*layout{}
			}
			model[m.Value.Kind == wrangler.SyntaxObject] = l
		}
	}
	texts := func(indent string, inline bool) []string {
		out := make([]string, len(members))
		for i, m := range members {
			lay := model[isObject(m.Value)]
			out[i] = d.key(m.Key) + d.sep() + d.render(m.Value, lay, indent, inline || d.toml)
		}
		return out
	}
	return d.insertItems(n, items, after, texts)
}

func isObject(v any) bool { _, ok := v.(Object); return ok }

// create writes the missing keys path[k:] below n, the deepest value that
// exists, ending in v.
func (d *Doc) create(path []string, k int, n *wrangler.SyntaxNode, v any, o *options) ([]Edit, error) {
	if n.Kind != wrangler.SyntaxObject {
		return nil, fmt.Errorf("%s is not an object", name(path[:k]))
	}
	// Nest v in the missing keys: path[k] holds the rest.
	top := v
	for i := len(path) - 1; i > k; i-- {
		top = Object{{path[i], top}}
	}
	like := d.likeNode(path[:k+1], path, o)
	if !d.toml {
		lay := d.layoutOf(like)
		return d.insertMember(n, path[k], top, lay, o)
	}
	return d.tomlCreate(path, k, n, v, top, like, o)
}

// likeNode returns the model for the value at target (a prefix of full),
// aligning the Like path with full from the end.
func (d *Doc) likeNode(target, full []string, o *options) *wrangler.SyntaxNode {
	if o == nil || len(o.like) == 0 {
		return nil
	}
	drop := len(full) - len(target)
	if drop >= len(o.like) {
		return nil
	}
	return d.Node(o.like[:len(o.like)-drop]...)
}

// insertMember adds key: v to a JSON object or TOML inline table, v laid
// out like lay.
func (d *Doc) insertMember(n *wrangler.SyntaxNode, key string, v any, lay *layout, o *options) ([]Edit, error) {
	items := make([]item, len(n.Members))
	after := len(items) - 1
	for i, m := range n.Members {
		items[i] = item{start: m.KeyStart, end: m.Value.End}
		if m.Key == o.after {
			after = i
		}
	}
	keyText := d.key(key)
	if d.toml {
		keyText = key // already a dotted, quoted key
	}
	texts := func(indent string, inline bool) []string {
		return []string{keyText + d.sep() + d.render(v, lay, indent, inline || d.toml)}
	}
	return d.insertItems(n, items, after, texts)
}

// name names a path in messages.
func name(path []string) string {
	if len(path) == 0 {
		return "the top level"
	}
	return strings.Join(path, ".")
}
