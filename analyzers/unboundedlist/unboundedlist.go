// Package unboundedlist reports reads of a whole Durable Object store that
// only ever grows: storage.list() with no bounds, or a SQL SELECT without
// LIMIT or WHERE over a table the class inserts into and never deletes
// from.
package unboundedlist

import (
	"fmt"
	"go/token"
	"strings"

	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/jsast"
	"golang.org/x/tools/go/analysis"
)

var doc = &rule.Doc{
	Name:  "unboundedlist",
	Title: "a handler reads a store that only grows, all at once",
	What: `Reports, at info level, inside a method of a Durable Object class
(the constructor aside):

- storage.list() with no options, or with options naming none of limit,
  prefix, start, startAfter and end, when the class puts keys it computes
  at run time and never deletes a key (no delete() or deleteAll() on its
  storage or storage.kv);
- sql.exec("SELECT ... FROM t ...") whose rows are all read at once
  (.toArray(), [...cursor], Array.from(cursor)) when the query has neither
  LIMIT nor WHERE nor GROUP BY, selects no aggregate, reads the single
  table t, and the class inserts into t with a plain INSERT and never
  deletes from it (no DELETE FROM t, DROP TABLE t, upsert into t or
  deleteAll()).

Queries whose text is not a constant, and classes with any SQL whose text is
not known (which may delete rows), are not reported.`,
	Why: `Each call reads every entry of a store that nothing ever shrinks:
list() returns one Map holding all keys and values, toArray() one array of
all rows. The time and memory it takes grow with the object's age, while an
isolate has 128 MB of memory, so a handler that was fast when the object was
new gets slower on every request and, once the data outgrows the memory,
fails with the isolate. Reading a page (limit and startAfter, or LIMIT with
a key condition) or deleting old entries keeps it bounded.`,
	Bad: `-- wrangler.jsonc --
{
  "name": "log",
  "main": "src/index.ts",
  "compatibility_date": "2025-09-01",
  "durable_objects": { "bindings": [{ "name": "LOG", "class_name": "Log" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Log"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Log extends DurableObject {
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS events (at INTEGER, body TEXT)");
  }
  add(body: string) {
    this.ctx.storage.sql.exec("INSERT INTO events (at, body) VALUES (?, ?)", Date.now(), body);
  }
  all() {
    return this.ctx.storage.sql.exec("SELECT at, body FROM events ORDER BY at").toArray();
  }
}
export default { fetch: () => new Response("ok") };
`,
	Good: `-- wrangler.jsonc --
{
  "name": "log",
  "main": "src/index.ts",
  "compatibility_date": "2025-09-01",
  "durable_objects": { "bindings": [{ "name": "LOG", "class_name": "Log" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Log"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Log extends DurableObject {
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS events (at INTEGER, body TEXT)");
  }
  add(body: string) {
    this.ctx.storage.sql.exec("INSERT INTO events (at, body) VALUES (?, ?)", Date.now(), body);
  }
  page(before: number) {
    return this.ctx.storage.sql.exec("SELECT at, body FROM events WHERE at < ? ORDER BY at DESC LIMIT 100", before).toArray();
  }
}
export default { fetch: () => new Response("ok") };
`,
	Safety:   rule.NoFix,
	Severity: rule.Info,
	Category: rule.Perf,
	References: []string{
		"https://developers.cloudflare.com/durable-objects/api/sqlite-storage-api/",
		"https://developers.cloudflare.com/workers/platform/limits/",
	},
}

// Rule reports whole reads of stores that only grow.
var Rule = rule.New(doc, run, source.Analyzer)

var readWords = []source.Word{source.NewWord("list"), source.NewWord("exec")}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[source.Analyzer].(*source.Result)
	for _, c := range res.Classes {
		// Every finding is a list() or exec() call in the class.
		if !c.File.Mentions(readWords...) {
			continue
		}
		// What a class writes and reads is found in its code and its
		// extends chain alone.
		source.PerClass(pass, c, "", func(pass *analysis.Pass) { checkClass(pass, c) })
	}
	return nil, nil
}

func checkClass(pass *analysis.Pass, c *source.Class) {
	// What the class writes matters only at a whole read, which most
	// classes have none of: it is found at the first.
	var found *writes
	written := func() *writes {
		if found == nil {
			found = writesOf(pass, c)
		}
		return found
	}
	f := c.File.AST
	for call := range c.Nodes(jsast.KindCall) {
		m := c.MethodAt(call.Start)
		if m == nil || m.Static || m.Name == "constructor" {
			continue
		}
		switch {
		case dosrc.StorageCall(c, call, "list"):
			w := written()
			if w.kvDeletes || w.dynamicPut == nil || !unbounded(f, call) {
				continue
			}
			put := w.dynamicPut
			rule.Report(pass, f.Pos(call.Start), f.Pos(call.End),
				"storage.list() without limit, prefix, start or end reads every key and value of the object into one Map, and "+c.Name+" puts keys computed at run time but never deletes one, so the store only grows and each call costs more time and memory (an isolate has 128 MB); read a page with { limit, startAfter } or delete old keys",
				rule.Related(put.pos, put.end, "a put with a computed key"))
		case dosrc.SQLCall(c, call, "exec"):
			w := written()
			if w.unknownSQL || w.deleteAll || len(call.List) == 0 || !wholeRead(f, c.File.Index, call) {
				continue
			}
			text, ok := constSQL(c.File, call.List[0], false)
			if !ok {
				continue
			}
			table, ok := unboundedSelect(text)
			if !ok {
				continue
			}
			ins := w.inserts[table]
			if ins == nil || w.shrinks[table] {
				continue
			}
			table = display(text, table)
			rule.Report(pass, f.Pos(call.List[0].Start), f.Pos(call.List[0].End),
				fmt.Sprintf("this SELECT reads every row of %s at once (no LIMIT, no WHERE), and %s inserts into %s but never deletes from it, so the table only grows and each call costs more time and memory (an isolate has 128 MB); read a page with WHERE on a key and LIMIT, or delete old rows", table, c.Name, table),
				rule.Related(ins.pos, ins.end, "rows are inserted into %s here", table))
		}
	}
}

// site is a call in some class's file. It is kept for the whole run (see
// writesOf), so it holds positions, not the tree.
type site struct {
	pos, end token.Pos
}

func siteOf(f *jsast.File, call *jsast.Node) *site {
	return &site{f.Pos(call.Start), f.Pos(call.End)}
}

// writes is what a class (with its base classes of the graph) does to its
// storage.
type writes struct {
	dynamicPut *site // the first put with a computed key
	kvDeletes  bool  // delete() or deleteAll() on storage or storage.kv
	deleteAll  bool
	unknownSQL bool             // an exec whose text is not known
	inserts    map[string]*site // tables with a plain INSERT
	shrinks    map[string]bool  // tables deleted from, dropped or upserted
}

func newWrites() *writes {
	return &writes{inserts: map[string]*site{}, shrinks: map[string]bool{}}
}

// add merges the writes of a class met later in the chain: what was met
// first stays.
func (w *writes) add(o *writes) {
	if w.dynamicPut == nil {
		w.dynamicPut = o.dynamicPut
	}
	w.kvDeletes = w.kvDeletes || o.kvDeletes
	w.deleteAll = w.deleteAll || o.deleteAll
	w.unknownSQL = w.unknownSQL || o.unknownSQL
	for t, s := range o.inserts {
		if w.inserts[t] == nil {
			w.inserts[t] = s
		}
	}
	for t := range o.shrinks {
		w.shrinks[t] = true
	}
}

func writesOf(pass *analysis.Pass, c *source.Class) *writes {
	w := newWrites()
	seen := map[*source.Class]bool{}
	var visit func(c *source.Class)
	visit = func(c *source.Class) {
		if c == nil || seen[c] {
			return
		}
		seen[c] = true
		// A base class is walked again for every class that extends it,
		// in every project: its own writes are found once.
		w.add(source.PerClassValue(pass, c, "writes", func() *writes { return ownWrites(c) }))
		for _, b := range c.Bases {
			if b.Kind == source.BaseClass {
				visit(b.Class)
			}
		}
	}
	visit(c)
	return w
}

// ownWrites is what the code of c itself writes.
func ownWrites(c *source.Class) *writes {
	w := newWrites()
	f := c.File.AST
	for call := range c.Nodes(jsast.KindCall) {
		recv, name := f.CalleeName(call)
		if recv == nil {
			continue
		}
		kv := dosrc.IsStorage(c, recv) || dosrc.IsSyncKV(c, recv)
		switch {
		case kv && (name == "delete" || name == "deleteAll"):
			w.kvDeletes = true
			if name == "deleteAll" {
				w.deleteAll = true
			}
		case kv && name == "put":
			if w.dynamicPut == nil && len(call.List) > 0 && dynamicKey(c.File, call.List[0]) {
				w.dynamicPut = siteOf(f, call)
			}
		case name == "exec" && dosrc.IsSQL(c, recv):
			if len(call.List) == 0 {
				continue
			}
			text, ok := constSQL(c.File, call.List[0], true)
			if !ok {
				w.unknownSQL = true
				continue
			}
			for _, st := range statements(text) {
				switch t, kind := st.write(); kind {
				case plainInsert:
					if w.inserts[t] == nil {
						w.inserts[t] = siteOf(f, call)
					}
				case shrink:
					w.shrinks[t] = true
				case unknownTable:
					w.unknownSQL = true
				}
			}
		}
	}
	return w
}

// dynamicKey reports whether a put's first argument is a key built at run
// time from parts: a template with substitutions, a concatenation, or a
// call (crypto.randomUUID(), String(Date.now())), directly or through a
// const. A parameter or field may hold one of a few fixed keys, so it does
// not count; an object of entries counts when one of its keys is computed.
func dynamicKey(file *source.File, e *jsast.Node) bool {
	for depth := 0; depth < 4; depth++ {
		e = jsast.Unwrap(e)
		if e == nil {
			return false
		}
		switch e.Kind {
		case jsast.KindObjectLit:
			for _, p := range e.List {
				if p.Kind == jsast.KindSpread || (p.Name != nil && p.Name.Kind == jsast.KindComputedPropName) {
					return true
				}
			}
			return false
		case jsast.KindTemplateExpr, jsast.KindCall:
			return true
		case jsast.KindBinary:
			return e.Op == jsast.TPlus
		case jsast.KindIdentifier:
			d := dosrc.Lookup(file, e)
			if d == nil || !d.Const || d.Param != nil || d.Pattern != nil || d.Init == nil {
				return false
			}
			e = d.Init
			continue
		}
		return false
	}
	return false
}

// unbounded reports whether a list() call names no bound: no argument, or
// an object literal without limit, prefix, start, startAfter or end.
func unbounded(f *jsast.File, call *jsast.Node) bool {
	if len(call.List) == 0 {
		return true
	}
	o := jsast.Unwrap(call.List[0])
	if o == nil || o.Kind != jsast.KindObjectLit {
		return false
	}
	for _, p := range o.List {
		if p.Kind == jsast.KindSpread {
			return false
		}
		switch f.NameOf(p.Name) {
		case "limit", "prefix", "start", "startAfter", "end", "":
			return false
		}
	}
	return true
}

// wholeRead reports whether the cursor an exec call returns is read whole:
// exec(...).toArray(), exec(...).raw().toArray(), [...exec(...)] or
// Array.from(exec(...)).
func wholeRead(f *jsast.File, ix *source.Index, call *jsast.Node) bool {
	n := call
	for i := 0; i < 2; i++ {
		outer, p := dosrc.Outer(ix, n)
		if p == nil {
			return false
		}
		switch p.Kind {
		case jsast.KindPropertyAccess:
			name := f.NameOf(p.Name)
			gp := ix.Parent(p)
			if gp == nil || gp.Kind != jsast.KindCall || gp.Callee() != p {
				return false
			}
			switch name {
			case "toArray":
				return true
			case "raw":
				n = gp
				continue
			}
			return false
		case jsast.KindSpread:
			a := ix.Parent(p)
			return a != nil && a.Kind == jsast.KindArrayLit
		case jsast.KindCall:
			if p.Callee() == outer {
				return false
			}
			recv, name := f.CalleeName(p)
			r := jsast.Unwrap(recv)
			return name == "from" && r != nil && r.Kind == jsast.KindIdentifier && f.NameOf(r) == "Array" && len(p.List) > 0 && p.List[0] == outer
		}
		return false
	}
	return false
}

// constSQL returns a string expression's text. With holes, a template's
// substitutions read as the word "?hole?"; without, a template with
// substitutions is not constant.
func constSQL(file *source.File, e *jsast.Node, holes bool) (string, bool) {
	f := file.AST
	for depth := 0; depth < 6; depth++ {
		e = jsast.Unwrap(e)
		if e == nil {
			return "", false
		}
		switch e.Kind {
		case jsast.KindStringLiteral, jsast.KindNoSubstitutionTemplate:
			return f.StringValue(e), true
		case jsast.KindTemplateExpr:
			if !holes {
				return "", false
			}
			parts, ok := dosrc.TemplateParts(f, e)
			if !ok {
				return "", false
			}
			var b strings.Builder
			for i, p := range parts {
				if i > 0 {
					b.WriteString(" ?hole? ")
				}
				b.WriteString(p.Raw)
			}
			return b.String(), true
		case jsast.KindIdentifier:
			d := dosrc.Lookup(file, e)
			if d == nil || !d.Const || d.Param != nil || d.Pattern != nil || d.Init == nil {
				return "", false
			}
			e = d.Init
			continue
		}
		return "", false
	}
	return "", false
}

// display spells an upper-cased name as the query does.
func display(sql, upper string) string {
	if i := strings.Index(strings.ToUpper(sql), upper); i >= 0 && len(strings.ToUpper(sql)) == len(sql) {
		return sql[i : i+len(upper)]
	}
	return upper
}
