// Package sqlinjection reports SQL queries of a Durable Object built by
// splicing non-constant values into the query text.
package sqlinjection

import (
	"fmt"

	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/jsast"
	"golang.org/x/tools/go/analysis"
)

var doc = &rule.Doc{
	Name:  "sqlinjection",
	Title: "non-constant values spliced into a sql query",
	What: `Reports the query argument of ctx.storage.sql.exec() when it is built with
template interpolation, +, replace() or concat() from values that are not
known to be constant,
directly or through local variables of the same function
(const q = ` + "`...${x}`" + `; sql.exec(q)), and at the calls of wrappers that
hand a parameter to exec as the query (query(q: string) { return
this.sql.exec(q) }, this.query(` + "`...${x}`" + `)). The SQL API is followed through
this.ctx.storage.sql, the constructor's ctx, and aliases (this.sql, a class
field sql = this.ctx.storage.sql, const { sql } = this.ctx.storage); helper
functions are followed when their parameter is typed SqlStorage,
DurableObjectStorage or DurableObjectState.

Not reported: interpolated constants (const strings and numbers, also
imported ones, enum members, fields, static fields and getters only given
constants),
placeholder lists (ids.map(() => "?").join(","), Array(n).fill("?").join(","),
"?, ".repeat(n), a list of conditions only ever given constants such as
conds.push("name = ?") then conds.join(" AND ")), values read from a constant
allowlist object or array (that nothing assigns into), the elements of
such an array taken by for (const t of TABLES) or by the callback of map,
flatMap, forEach, filter, some, every or find, parameters of
a private method (#name or private) that every call of it in its class
gives a safe value, names destructured from the object a private method
or local function returns (const { conds } = this.#where()) when every return
statement sets them to safe values,
variables and parameters typed as a union of literals (col: "name" | "age"),
values a check has proven to be in a constant set (after
if (!ALLOWED.includes(col)) throw ..., inside if (SORTS.has(s)) or
x === "a" || x === "b" ? x : ...), numbers from Math.* (Math.min,
Math.floor, ...), .length, Date.now(), new Date().toISOString(),
crypto.randomUUID(), ctx.id.toString() (but not ctx.id.name, which the
caller chose), values whose quotes are doubled, x.replace(/'/g, "''") or
x.replaceAll('"', '""'), spliced inside the same quotes ('${v}', "${v}"),
since SQLite ends such a literal or name only at an undoubled quote, and
tagged
templates other than String.raw (a tag such as a library's sql` + "`...`" + `
binds its values as parameters). Number(x) and parseInt(x) are reported: they
let NaN and Infinity through, and a bound parameter is simpler anyway.`,
	Why: `Text spliced into a query becomes SQL: a value such as
"1 OR 1=1" or "x'; DROP TABLE users; --" rewrites the statement, and because
exec runs every statement of a multi-statement string, one crafted value can
read or destroy the whole object's database. sql.exec binds parameters
itself: write sql.exec("SELECT * FROM users WHERE id = ?", id). Table and
column names cannot be bound; pick them from a constant allowlist (an object,
or a parameter typed "name" | "age") instead of interpolating input.`,
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
  find(name: string) {
    return this.ctx.storage.sql.exec(` + "`SELECT * FROM users WHERE name = '${name}'`" + `).toArray();
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
const TABLE = "users";
export class Users extends DurableObject {
  find(name: string) {
    return this.ctx.storage.sql.exec(` + "`SELECT * FROM ${TABLE} WHERE name = ?`" + `, name).toArray();
  }
  byIds(ids: string[]) {
    const marks = ids.map(() => "?").join(", ");
    return this.ctx.storage.sql.exec(` + "`SELECT * FROM ${TABLE} WHERE id IN (${marks})`" + `, ...ids).toArray();
  }
}
export default { fetch: () => new Response("ok") };
`,
	Fix: `Moves each interpolated value that stands in a value position into a ?
binding: '${x}' inside quotes becomes ?, and ${n} after =, <, >, LIMIT,
OFFSET, LIKE and the like, or inside VALUES (...), becomes ?; the values are
passed as extra arguments in the order of the placeholders, merged with any
bindings already there. A concatenation that starts with a string literal
("... id = '" + id + "'") becomes one template literal, constants kept as
${...}. Unsafe: a bound value keeps its JavaScript type
(numbers bind as REAL, true as the text "true"), where the spliced text was
parsed by SQL. No fix when any interpolation stands where a name goes (a
table or column), inside a longer quoted string, in a statement before the
last, or when the query uses numbered or named parameters.`,
	Safety:   rule.Unsafe,
	Severity: rule.Error,
	Verify:   rule.VerifySQLInjection,
	Category: rule.Security,
	References: []string{
		"https://developers.cloudflare.com/durable-objects/api/sqlite-storage-api/#exec",
		"https://owasp.org/www-community/attacks/SQL_Injection",
	},
}

// Rule reports queries built from non-constant values.
var Rule = rule.New(doc, run, source.Analyzer)

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[source.Analyzer].(*source.Result)
	v := &eval{res: res}
	seen := map[*jsast.Node]bool{}
	// wrappers are functions that hand one of their parameters to exec
	// as the query: their callers build the query.
	wrappers := map[*jsast.Node]*dosrc.Wrapper{}
	check := func(file *source.File, call *jsast.Node, arg int, via *dosrc.Wrapper) {
		if seen[call] || len(call.List) <= arg || call.List[arg].Kind == jsast.KindSpread {
			return
		}
		seen[call] = true
		if w := dosrc.WrapperOf(file, call.List[arg]); w != nil {
			wrappers[w.Func] = w
			return
		}
		v.check(pass, file, call, arg, via)
	}
	for _, c := range res.Classes {
		sites := dosrc.ClassExecSites(pass, res, c, func(call *jsast.Node) bool { return call.List[0].Kind == jsast.KindSpread }, func(pass *analysis.Pass, call *jsast.Node) {
			v.check(pass, c.File, call, 0, nil)
		})
		dosrc.ReplayExecSites(pass, sites, seen, wrappers)
	}
	for _, file := range res.Files {
		if file.AST == nil {
			continue
		}
		for _, call := range dosrc.TypedExecCalls(file) {
			check(file, call, 0, nil)
		}
	}
	// Calls of wrappers, and of wrappers of wrappers.
	for round := 0; round < 4 && len(wrappers) > 0; round++ {
		pending := wrappers
		wrappers = map[*jsast.Node]*dosrc.Wrapper{}
		homes := dosrc.WrapperHomes(pending)
		for _, file := range res.Files {
			if file.AST == nil || !homes[file.Path] {
				continue
			}
			for _, fc := range dosrc.FuncCallsOf(file) {
				if w := pending[fc.Func]; w != nil {
					check(file, fc.Call, w.Arg, w)
				}
			}
		}
	}
	return nil, nil
}

// piece is a non-constant value a query is built from.
type piece struct {
	node *jsast.Node
	how  string // "interpolates" or "concatenates"
}

func (v *eval) check(pass *analysis.Pass, file *source.File, call *jsast.Node, arg int, via *dosrc.Wrapper) {
	f := file.AST
	q := call.List[arg]
	p := v.built(file, q, 0)
	if p == nil {
		return
	}
	val := f.Text(p.node)
	if len(val) > 40 {
		val = val[:37] + "..."
	}
	what := "sql.exec query"
	if via != nil {
		what = "the query " + via.Name + "() passes to sql.exec"
	}
	how := p.how
	if p.node.Start < q.Start || p.node.End > q.End {
		how = "is built from" // through a variable; the related location shows where
	}
	msg := fmt.Sprintf("%s %s %s, which is not a constant: text spliced into SQL can rewrite the statement (SQL injection); bind values as parameters instead, sql.exec(\"... WHERE id = ?\", id), and take table or column names from a constant allowlist", what, how, val)
	var opts []rule.Option
	if how == "is built from" {
		opts = append(opts, rule.Related(f.Pos(p.node.Start), f.Pos(p.node.End), "%s enters the query here", val))
	}
	if via == nil {
		if edits, ok := v.fix(file, call); ok {
			opts = append(opts, rule.Fix("bind the interpolated values as ? parameters", edits...))
		}
	}
	rule.Report(pass, f.Pos(q.Start), f.Pos(q.End), msg, opts...)
}

// built returns the first non-constant value the query expression e is
// built from by a template or +, following local variables; nil when e
// is not built that way or only from constants.
func (v *eval) built(file *source.File, e *jsast.Node, depth int) *piece {
	f := file.AST
	e = jsast.Unwrap(e)
	if e == nil || depth > maxDepth {
		return nil
	}
	inner := func(x *jsast.Node, how string) *piece {
		if p := v.built(file, x, depth+1); p != nil {
			return p
		}
		if !v.safe(file, x, depth+1) {
			return &piece{jsast.Unwrap(x), how}
		}
		return nil
	}
	switch e.Kind {
	case jsast.KindTemplateExpr:
		for _, s := range e.List {
			if v.quotedSpan(file, e, s, depth) {
				continue
			}
			if p := inner(s.Expr(), "interpolates"); p != nil {
				return p
			}
		}
	case jsast.KindTaggedTemplate:
		if y := jsast.Unwrap(e.Template()); isStringRaw(file, e) && y != nil && y.Kind == jsast.KindTemplateExpr {
			return v.built(file, y, depth+1)
		}
	case jsast.KindBinary:
		if e.Op == jsast.TPlus {
			for _, side := range []*jsast.Node{e.Left(), e.Right()} {
				if p := inner(side, "concatenates"); p != nil {
					return p
				}
			}
		}
	case jsast.KindConditional:
		if p := v.built(file, e.Then(), depth+1); p != nil {
			return p
		}
		return v.built(file, e.Else(), depth+1)
	case jsast.KindIdentifier:
		d := dosrc.Lookup(file, e)
		if d == nil || d.Param != nil || d.Pattern != nil || d.Func == nil {
			return nil
		}
		if d.Init != nil && d.Init.Kind != jsast.KindFuncDecl {
			if p := v.built(file, d.Init, depth+1); p != nil {
				return p
			}
		}
		if d.Const {
			return nil
		}
		for _, a := range assignments(file, d) {
			if a.Op == jsast.TPlusEquals {
				if p := inner(a.Right(), "concatenates"); p != nil {
					return p
				}
				continue
			}
			if p := v.built(file, a.Right(), depth+1); p != nil {
				return p
			}
		}
	case jsast.KindCall:
		recv, name := f.CalleeName(e)
		// q.replace(":id", id), head.concat(clause)
		if recv != nil && (name == "replace" || name == "replaceAll" || name == "concat") {
			if p := v.built(file, recv, depth+1); p != nil {
				return p
			}
			args := e.Args()
			if name != "concat" && len(args) > 1 {
				args = args[1:] // the pattern does not enter the text
			}
			for _, a := range args {
				if p := inner(a, "splices in"); p != nil {
					return p
				}
			}
			return nil
		}
		// [head, clause].join(" ")
		if r := jsast.Unwrap(recv); name == "join" && r != nil && r.Kind == jsast.KindArrayLit {
			for _, el := range r.List {
				if el.Kind == jsast.KindOmitted || el.Kind == jsast.KindSpread {
					continue
				}
				if p := inner(el, "concatenates"); p != nil {
					return p
				}
			}
		}
	}
	return nil
}
