// Package sqltransaction reports SQL transaction statements (BEGIN,
// COMMIT, SAVEPOINT, ...) run through sql.exec, which workerd refuses.
package sqltransaction

import (
	"fmt"
	"strings"

	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/jsast"
	"golang.org/x/tools/go/analysis"
)

// refusal is workerd's error for a transaction statement in exec.
const refusal = "To execute a transaction, please use the state.storage.transaction() or state.storage.transactionSync() APIs instead of the SQL BEGIN TRANSACTION or SAVEPOINT statements. The JavaScript API is safer because it will automatically roll back on exceptions, and because it interacts correctly with Durable Objects' automatic atomic write coalescing."

var doc = &rule.Doc{
	Name:  "sqltransaction",
	Title: "transaction statement run through sql.exec",
	What: `Reports sql.exec() queries that hold BEGIN (also BEGIN TRANSACTION,
BEGIN IMMEDIATE, ...), COMMIT, END, ROLLBACK, SAVEPOINT or RELEASE as a
statement, alone or inside a multi-statement string, in any letter case,
in Durable Object classes and in helpers whose SQL storage is typed
(sql: SqlStorage, storage: DurableObjectStorage, state: DurableObjectState),
and at the calls of wrappers that hand a parameter to exec as the query
(this.query("BEGIN") with query(q: string) { return this.sql.exec(q) }).
Comments, quoted strings and the BEGIN ... END body of CREATE TRIGGER are not
statements and are not reported. The query is read from string literals,
templates, + of literals and const variables.`,
	Why: `workerd refuses every transaction statement in exec and throws
"Error: ` + refusal + `" Statements before it in the same string have
already run and are not undone. Use ctx.storage.transactionSync(() => { ... })
for synchronous SQL: it commits when the callback returns, and rolls back
and rethrows when it throws. storage.transaction(async (txn) => ...) is the
asynchronous form.`,
	Bad: `-- wrangler.jsonc --
{
  "name": "bank",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "BANK", "class_name": "Bank" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Bank"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Bank extends DurableObject {
  transfer(from: string, to: string, amount: number) {
    const sql = this.ctx.storage.sql;
    sql.exec("BEGIN TRANSACTION");
    sql.exec("UPDATE accounts SET balance = balance - ? WHERE id = ?", amount, from);
    sql.exec("UPDATE accounts SET balance = balance + ? WHERE id = ?", amount, to);
    sql.exec("COMMIT");
  }
}
export default { fetch: () => new Response("ok") };
`,
	Good: `-- wrangler.jsonc --
{
  "name": "bank",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "BANK", "class_name": "Bank" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Bank"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Bank extends DurableObject {
  transfer(from: string, to: string, amount: number) {
    const sql = this.ctx.storage.sql;
    this.ctx.storage.transactionSync(() => {
      sql.exec("UPDATE accounts SET balance = balance - ? WHERE id = ?", amount, from);
      sql.exec("UPDATE accounts SET balance = balance + ? WHERE id = ?", amount, to);
    });
  }
}
export default { fetch: () => new Response("ok") };
`,
	Fix: `Replaces a BEGIN ... COMMIT sequence of sql.exec statements in one block
with ctx.storage.transactionSync(() => { ... }) around the statements between
them (written with the storage expression the code already uses, or the
class's state field), removing the BEGIN and COMMIT calls. When the sequence
sits in a try whose catch runs ROLLBACK, the ROLLBACK call goes too, because
transactionSync rolls back by itself and rethrows the error; a catch that
only rethrows is dropped with its try. Unsafe: code between BEGIN and COMMIT
moves into a callback. No fix when that code awaits, returns, breaks out, or
declares names used after COMMIT, when BEGIN or COMMIT shares its line or
string with other code, or when the shape is anything else.`,
	Safety:   rule.Unsafe,
	Severity: rule.Error,
	Verify:   rule.VerifySQLTransaction,
	Category: rule.Correctness,
	References: []string{
		"https://developers.cloudflare.com/durable-objects/api/sqlite-storage-api/",
		"https://developers.cloudflare.com/durable-objects/api/storage-api/#transactionsync",
	},
}

// Rule reports transaction statements in sql.exec.
var Rule = rule.New(doc, run, source.Analyzer)

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[source.Analyzer].(*source.Result)
	seen := map[*jsast.Node]bool{}
	// wrappers hand a parameter to exec as the query; their callers'
	// arguments are checked as queries.
	wrappers := map[*jsast.Node]*dosrc.Wrapper{}
	visit := func(file *source.File, call *jsast.Node, arg int, c *source.Class, via *dosrc.Wrapper) {
		if seen[call] || len(call.List) <= arg {
			return
		}
		seen[call] = true
		if w := dosrc.WrapperOf(file, call.List[arg]); w != nil {
			wrappers[w.Func] = w
			return
		}
		check(pass, file, call, arg, c, via)
	}
	for _, c := range res.Classes {
		sites := dosrc.ClassExecSites(pass, res, c, nil, func(pass *analysis.Pass, call *jsast.Node) {
			check(pass, c.File, call, 0, c, nil)
		})
		dosrc.ReplayExecSites(pass, sites, seen, wrappers)
	}
	// Helpers outside the classes, whose SQL storage is typed.
	for _, file := range res.Files {
		if file.AST == nil {
			continue
		}
		for _, call := range dosrc.TypedExecCalls(file) {
			visit(file, call, 0, nil, nil)
		}
	}
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
					visit(file, fc.Call, w.Arg, nil, w)
				}
			}
		}
	}
	return nil, nil
}

// check reports the transaction statements of the query argument arg of
// one call: an exec call, or a call of a wrapper (via). c is the class an
// exec call is in; only those get a fix.
func check(pass *analysis.Pass, file *source.File, call *jsast.Node, arg int, c *source.Class, via *dosrc.Wrapper) {
	f := file.AST
	q := call.List[arg]
	text, ok := sqlText(file, q, 0)
	if !ok {
		return
	}
	var found []string
	for _, st := range statements(text) {
		if t := st.txn(); t != "" {
			found = append(found, t)
		}
	}
	if len(found) == 0 {
		return
	}
	var opts []rule.Option
	if c != nil && via == nil {
		if edits, msg, ok := fixBegin(c, call); ok {
			opts = append(opts, rule.Fix(msg, edits...))
		}
	}
	what := "sql.exec runs"
	if via != nil {
		what = via.Name + "() hands this query to sql.exec, which runs"
	}
	rule.Report(pass, f.Pos(q.Start), f.Pos(q.End), fmt.Sprintf(
		"%s %s: workerd refuses transaction statements in exec and throws %q; wrap the statements in ctx.storage.transactionSync(() => { ... }), which commits on return and rolls back on a throw",
		what, strings.Join(found, ", "), "Error: "+refusal), opts...)
}

// sqlText returns the query's SQL text as far as it is constant; a
// template's substitutions read as a placeholder word.
func sqlText(file *source.File, e *jsast.Node, depth int) (string, bool) {
	f := file.AST
	e = jsast.Unwrap(e)
	if e == nil || depth > 8 {
		return "", false
	}
	switch e.Kind {
	case jsast.KindStringLiteral, jsast.KindNoSubstitutionTemplate:
		return f.StringValue(e), true
	case jsast.KindTemplateExpr:
		parts, ok := dosrc.TemplateParts(f, e)
		if !ok {
			return "", false
		}
		var b strings.Builder
		for i, p := range parts {
			if i > 0 {
				b.WriteString(" x ")
			}
			b.WriteString(p.Raw)
		}
		return b.String(), true
	case jsast.KindBinary:
		if e.Op != jsast.TPlus {
			return "", false
		}
		x, ok1 := sqlText(file, e.Left(), depth+1)
		y, ok2 := sqlText(file, e.Right(), depth+1)
		if !ok1 && !ok2 {
			return "", false
		}
		if !ok1 {
			x = " x "
		}
		if !ok2 {
			y = " x "
		}
		return x + y, true
	case jsast.KindIdentifier:
		d := dosrc.Lookup(file, e)
		if d == nil || !d.Const || d.Param != nil || d.Pattern != nil || d.Init == nil {
			return "", false
		}
		return sqlText(file, d.Init, depth+1)
	}
	return "", false
}
