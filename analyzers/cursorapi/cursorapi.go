// Package cursorapi reports uses of the SQL cursor that sql.exec returns
// as if it were another API's result.
package cursorapi

import (
	"fmt"

	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/jsast"
	"golang.org/x/tools/go/analysis"
)

// noResult is workerd's error from one() when the query returned no row.
const noResult = "Error: Expected exactly one result from SQL query, but got no results."

var doc = &rule.Doc{
	Name:  "cursorapi",
	Title: "cursor from sql.exec used like another api's result",
	What: `Reports, on the cursor that ctx.storage.sql.exec() returns (directly, or
through a local variable of the same function, or from a helper that returns
it): reading .rows, .results,
.length, .success or .meta, which a cursor does not have; calling first(),
all() or run(), which are D1's methods; calling one() with arguments; and
.toArray, .one or .raw used without calling them. Outside the classes,
helpers are checked when their SQL storage is typed (sql: SqlStorage,
storage: DurableObjectStorage, state: DurableObjectState).

Awaiting exec() is not reported on its own: exec runs synchronously and
returns the cursor, and await on a cursor just gives the cursor back, so the
code works. When an awaited cursor is also misused, the message says so,
because the await usually comes from the same belief that exec returns a
promise of rows.`,
	Why: `A cursor's members are columnNames, next(), one(), raw(), rowsRead,
rowsWritten and toArray(), and it is iterable. Any other property is
undefined: cursor.rows.map(...) throws "TypeError: Cannot read properties of
undefined (reading 'map')", and cursor.first() throws "TypeError: cursor.first is not a
function". one() takes no options: one({ allowNone: true }) ignores the
object and still throws "` + noResult + `" when no row matches (and "...but
got multiple results." for two or more). A method read without calling it
(const rows = cursor.toArray) is the function itself, not the rows.`,
	Bad: `-- wrangler.jsonc --
{
  "name": "users",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "USERS", "class_name": "Users" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Users"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Users extends DurableObject {
  list() {
    const cursor = this.ctx.storage.sql.exec("SELECT * FROM users");
    return cursor.rows;
  }
  find(id: string) {
    return this.ctx.storage.sql.exec("SELECT * FROM users WHERE id = ?", id).one({ allowNone: true });
  }
}
export default { fetch: () => new Response("ok") };
`,
	Good: `-- wrangler.jsonc --
{
  "name": "users",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "USERS", "class_name": "Users" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Users"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Users extends DurableObject {
  list() {
    const cursor = this.ctx.storage.sql.exec("SELECT * FROM users");
    return cursor.toArray();
  }
  find(id: string) {
    const [row] = this.ctx.storage.sql.exec("SELECT * FROM users WHERE id = ?", id).toArray();
    return row ?? null;
  }
}
export default { fetch: () => new Response("ok") };
`,
	Safety:   rule.NoFix,
	Severity: rule.Error,
	Category: rule.Correctness,
	References: []string{
		"https://developers.cloudflare.com/durable-objects/api/sqlite-storage-api/",
	},
}

// Rule reports misused SQL cursors.
var Rule = rule.New(doc, run, source.Analyzer)

// missing are properties people expect on a cursor, with what to use.
var missing = map[string]string{
	"rows":    "call .toArray() for an array of row objects, or iterate the cursor",
	"results": "results is the shape of D1's all(); here call .toArray() for the rows",
	"length":  "count rows with .toArray().length, or SELECT count(*)",
	"success": "exec throws on failure, so there is no success flag to check",
	"meta":    "rowsRead and rowsWritten hold the counters",
}

// d1 are D1 statement methods a cursor does not have.
var d1 = map[string]string{
	"first": "use .toArray()[0] (undefined when no row), or .one() when exactly one row must exist",
	"all":   "use .toArray()",
	"run":   "exec already ran the statement",
}

// methods are cursor methods that are easy to read without calling.
var methods = map[string]bool{"toArray": true, "one": true, "raw": true}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[source.Analyzer].(*source.Result)
	seen := map[*jsast.Node]bool{}
	for _, c := range res.Classes {
		// A cursor comes from an exec() call of the class's module (see
		// check).
		if !c.File.Mentions(execWord) {
			continue
		}
		// What the rule finds in a class follows from the class and its
		// context, so a class that many projects reach is checked once;
		// the members it judged are kept with the findings, so that no
		// other check reports them again.
		found := source.PerClassValue(pass, c, res.ClassContext(c), func() []member {
			return record(pass, func(pass *analysis.Pass, judge func(*jsast.Node)) {
				check(pass, c.File, c.Node, judge, func(x *jsast.Node) bool { return dosrc.IsSQL(c, x) })
			})
		})
		replay(pass, found, seen)
	}
	// Helpers outside the classes, whose SQL storage is typed.
	for _, file := range res.Files {
		// A cursor the typed check can find comes from a receiver typed
		// as SQL storage or from a helper of a Durable Object class of
		// the module (see cursor).
		if file.AST != nil && (dosrc.MayTypeSQL(file) || hasDO(file)) {
			// What the typed-storage check finds in a module follows from
			// the module and its context, so it is made once per run.
			found := source.PerModule(file, typedMembers(res.FileContext(file)), func() []member {
				return record(pass, func(pass *analysis.Pass, judge func(*jsast.Node)) {
					check(pass, file, nil, judge, func(x *jsast.Node) bool { return dosrc.TypedSQL(file, x) })
				})
			})
			replay(pass, found, seen)
		}
	}
	return nil, nil
}

// hasDO reports whether file holds a Durable Object class, one whose
// helpers returnsCursor looks into.
func hasDO(file *source.File) bool {
	for _, k := range file.Classes {
		if k.IsDO {
			return true
		}
	}
	return false
}

type cursorMembers struct{}

// member is a cursor member a check judged, with what it reported there.
type member struct {
	node  *jsast.Node
	diags []analysis.Diagnostic
}

// typedMembers keys a module's typed-storage findings by its context.
type typedMembers string

// record runs a check with a pass that keeps, for each member the check
// judges, what it reports.
func record(pass *analysis.Pass, run func(pass *analysis.Pass, judge func(*jsast.Node))) []member {
	var out []member
	rec := *pass
	rec.Report = func(d analysis.Diagnostic) { out[len(out)-1].diags = append(out[len(out)-1].diags, d) }
	run(&rec, func(n *jsast.Node) { out = append(out, member{node: n}) })
	return out
}

// replay reports what record kept for the members not in seen, and adds
// them to it.
func replay(pass *analysis.Pass, found []member, seen map[*jsast.Node]bool) {
	for _, m := range found {
		if seen[m.node] {
			continue
		}
		seen[m.node] = true
		for _, d := range m.diags {
			pass.Report(d)
		}
	}
}

// cursorMember reports whether n accesses a member of one of the names
// check looks at.
func cursorMember(f *jsast.File, n *jsast.Node) bool {
	_, name, ok := f.Member(n)
	if !ok {
		return false
	}
	_, hint := missing[name]
	_, isD1 := d1[name]
	return hint || isD1 || methods[name]
}

// check reports misused cursors within node (nil: the whole file) whose
// exec receiver isSQL accepts; judge is told of each member before it is
// reported.
var execWord = source.NewWord("exec")

func check(pass *analysis.Pass, file *source.File, within *jsast.Node, judge func(*jsast.Node), isSQL func(*jsast.Node) bool) {
	// A cursor comes from an exec() call of the same module.
	if !file.Mentions(execWord) {
		return
	}
	f, ix := file.AST, file.Index
	// The members named like a cursor's are found once per module, not
	// again for every project that reaches it.
	for n := range ix.Select(within, cursorMembers{}, func(n *jsast.Node) bool { return cursorMember(f, n) }, jsast.KindPropertyAccess, jsast.KindElementAccess) {
		x, name, ok := f.Member(n)
		if !ok {
			continue
		}
		_, hint := missing[name]
		_, isD1 := d1[name]
		if !hint && !isD1 && !methods[name] {
			continue
		}
		awaited, ok := cursor(file, isSQL, x, 0)
		if !ok {
			continue
		}
		judge(n)
		note := ""
		if awaited {
			note = "; exec is synchronous, so the await only hands back the same cursor"
		}
		pos, end := f.Pos(n.Start), f.Pos(n.End)
		if n.Kind == jsast.KindPropertyAccess && n.Name != nil {
			pos = f.Pos(n.Name.Start)
		}
		outer, parent := dosrc.Outer(ix, n)
		called := parent != nil && parent.Kind == jsast.KindCall && parent.Callee() == outer
		switch {
		case hint:
			rule.Report(pass, pos, end, fmt.Sprintf("a SQL cursor has no %s property, so this is undefined; %s%s", name, missing[name], note))
		case isD1:
			rule.Report(pass, pos, end, fmt.Sprintf("%s() is D1's API: a SQL cursor has no such method, so this throws \"TypeError: %s is not a function\"; %s%s",
				name, dosrc.CallText(f, n), d1[name], note))
		case !called:
			if parent != nil && (parent.Kind == jsast.KindPropertyAccess || parent.Kind == jsast.KindElementAccess) {
				continue // cursor.toArray.bind(cursor) and the like
			}
			rule.Report(pass, pos, end, fmt.Sprintf("%s is read without calling it: this is the method, not its result; write %s()%s", name, name, note))
		case name == "one" && len(parent.List) > 0:
			first, last := parent.List[0], parent.List[len(parent.List)-1]
			rule.Report(pass, f.Pos(first.Start), f.Pos(last.End), fmt.Sprintf(
				"one() takes no arguments and throws %q unless exactly one row matches; for an optional row use .toArray()[0]%s", noResult, note))
		}
	}
}

// cursor reports whether expr is a cursor returned by sql.exec: the call
// itself, awaited or not, or a local variable initialised with one.
// awaited says whether an await stands on the way.
func cursor(file *source.File, isSQL func(*jsast.Node) bool, expr *jsast.Node, depth int) (awaited, ok bool) {
	e := jsast.Unwrap(expr)
	if e == nil || depth > 6 {
		return false, false
	}
	switch e.Kind {
	case jsast.KindAwait:
		_, ok := cursor(file, isSQL, e.Operand(), depth+1)
		return true, ok
	case jsast.KindCall:
		recv, name := file.AST.CalleeName(e)
		if name == "exec" && recv != nil && isSQL(recv) {
			return false, true
		}
		// A helper that returns exec's cursor: query(q) { return this.sql.exec(q) }.
		if fn := dosrc.CalledFunc(file, e); fn != nil {
			return false, returnsCursor(file, fn, depth+1)
		}
		return false, false
	case jsast.KindIdentifier:
		d := dosrc.Lookup(file, e)
		if d == nil || d.Param != nil || d.Pattern != nil || d.Init == nil || d.Func == nil {
			return false, false
		}
		return cursor(file, isSQL, d.Init, depth+1)
	}
	return false, false
}

// returnsCursor reports whether every value the function fn returns is a
// cursor from exec.
func returnsCursor(file *source.File, fn *jsast.Node, depth int) bool {
	if fn.Body == nil || fn.Has(jsast.FlagAsync) || fn.Has(jsast.FlagGenerator) || depth > 6 {
		return false
	}
	var c *source.Class
	for _, k := range file.Classes {
		if k.IsDO && k.Node.Start <= fn.Start && fn.End <= k.Node.End {
			c = k
		}
	}
	isSQL := func(x *jsast.Node) bool { return c != nil && dosrc.IsSQL(c, x) || dosrc.TypedSQL(file, x) }
	if fn.Body.Kind != jsast.KindBlock {
		_, ok := cursor(file, isSQL, fn.Body, depth+1)
		return ok
	}
	n := 0
	for r := range file.Index.Nodes(fn.Body, jsast.KindReturn) {
		if dosrc.EnclosingFunc(file.Index, r) != fn {
			continue
		}
		if _, ok := cursor(file, isSQL, r.Expr(), depth+1); !ok {
			return false
		}
		n++
	}
	return n > 0
}
