// Package sqlonkv reports the SQLite-only storage APIs used in a Durable
// Object class whose storage is the legacy KV backend.
package sqlonkv

import (
	"fmt"
	"go/token"

	"github.com/dolint-dev/dolint/analyzers/facets"
	"github.com/dolint-dev/dolint/analyzers/history"
	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/jsast"
	"github.com/dolint-dev/dolint/migrations"
	"github.com/dolint-dev/dolint/wrangler"
	"golang.org/x/tools/go/analysis"
)

// The runtime's errors on a KV-backed class (workerd).
const (
	// sqlProdStart is the first sentence of sqlProd, which messages quote;
	// the rule's documentation has the whole text.
	sqlProdStart = "This Durable Object is not backed by SQLite storage, so the SQL API is not available."
	sqlProd      = "This Durable Object is not backed by SQLite storage, so the SQL API is not available. SQL can be enabled on a new Durable Object class by using the `new_sqlite_classes` instead of `new_classes` under `[[migrations]]` in your wrangler.toml, but an already-deployed class cannot be converted to SQLite (except by deleting the existing data)."
	// sqlLocalStart is the first sentence of sqlLocal.
	sqlLocalStart = "SQL is not enabled for this Durable Object class."
	sqlLocal      = "SQL is not enabled for this Durable Object class. To enable it, change `new_classes` to `new_sqlite_classes` within the 'migrations' field in your wrangler.jsonc or wrangler.toml file. If using workerd directly,set `enableSql = true` in your workerd config for the class. Note that this change cannot be made after the class is already deployed to production."
	kvStart       = "The storage.kv (synchronous KV) API is only available for SQLite-backed Durable Objects, but this object's namespace is not declared to use SQLite."
	txnProd       = "Error: Durable Object is not backed by SQL."
)

var doc = &rule.Doc{
	Name:  "sqlonkv",
	Title: "class on the kv storage backend uses a sqlite-only api",
	What: `Reports ctx.storage.sql.exec(), reading sql.databaseSize, calls on the
synchronous ctx.storage.kv, and ctx.storage.transactionSync() in a bound
Durable Object class whose storage, after replaying the migrations (or the
exports) of the script that binds it, is the legacy KV backend: the class was
created with new_classes, or its exports entry has storage "legacy-kv". A
bound class that no migration creates is reported too: wrangler dev runs it
KV-backed. Storage is followed through aliases (const sql =
this.ctx.storage.sql, a field this.sql, const { sql } = this.ctx.storage).
A class that is only started as a facet (ctx.facets.get with
ctx.exports.X, or the Agents SDK's subAgent) is not reported: a facet's
storage is SQLite whatever the migrations say. A config that only a test
runner reads (see workerconfig) is never deployed, so its findings speak
of the test run only, and a class it binds is left alone when it is a
facet or when none of its migrations creates the class (test configs bind
facets that way, so that ctx.exports has them).`,
	Why: `These APIs exist only on SQLite-backed objects. On a KV-backed one,
exec() and databaseSize throw "` + sqlProd + `" in production, and under
wrangler dev "` + sqlLocal + `" Every storage.kv call throws "` + kvStart + ` ...".
transactionSync() works locally (local storage is SQLite underneath) but
throws "` + txnProd + `" in production. The backend cannot be switched for a
class that is already deployed: new_sqlite_classes is only possible for a
class that was never deployed. For a deployed KV-backed class use the
asynchronous API (storage.get/put/list, storage.transaction), or create a new
SQLite-backed class and move the data.`,
	Bad: `-- wrangler.jsonc --
{
  "name": "counter",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [{ "tag": "v1", "new_classes": ["Counter"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {
  count() {
    return this.ctx.storage.sql.exec("SELECT count(*) AS n FROM hits").one().n;
  }
}
export default { fetch: () => new Response("ok") };
`,
	Good: `-- wrangler.jsonc --
{
  "name": "counter",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {
  count() {
    return this.ctx.storage.sql.exec("SELECT count(*) AS n FROM hits").one().n;
  }
}
export default { fetch: () => new Response("ok") };
`,
	Safety:   rule.NoFix,
	Severity: rule.Error,
	Category: rule.Correctness,
	References: []string{
		"https://developers.cloudflare.com/durable-objects/api/sqlite-storage-api/",
		"https://developers.cloudflare.com/durable-objects/reference/durable-objects-migrations/",
	},
}

// Rule reports SQLite-only APIs in KV-backed classes.
var Rule = rule.New(doc, run, source.Analyzer, history.Analyzer, facets.Analyzer)

// kvReason says why a class is KV-backed and where.
type kvReason struct {
	why      string // "created with new_classes in migration v1", ...
	where    string // " in env staging", or ""
	pos, end token.Pos
	related  string
	// noMigration: no migration creates the class at all, so it was
	// never deployed and can still be created SQLite-backed.
	noMigration bool
}

// storageNames keys the module's selection of the calls and members the
// rule looks at.
type storageNames struct{}

// storageCalls are the method names the rule looks at.
var storageCalls = map[string]bool{"exec": true, "get": true, "put": true, "delete": true, "list": true, "transactionSync": true}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[source.Analyzer].(*source.Result)
	hist := pass.ResultOf[history.Analyzer].(*history.Result)
	fr := pass.ResultOf[facets.Analyzer].(*facets.Result)
	harness := res.Config.TestHarness != nil
	for _, c := range res.Classes {
		facet := fr.Of(c)
		if harness && facet {
			// A test config binds facet classes so that ctx.exports has
			// them; whether a test reaches the class through the binding
			// (KV-backed) or as a facet (SQLite) is not visible here.
			continue
		}
		r := reason(hist, c)
		if r == nil || harness && r.noMigration {
			// A test config that binds a class without creating it
			// usually binds a facet (started through code this analysis
			// cannot follow, such as a library's) so that ctx.exports has
			// it; nothing shows that a test reaches it KV-backed.
			continue
		}
		f := c.File.AST
		what := "which is KV-backed (" + r.why + ")"
		if r.noMigration {
			what = "which no migration creates" + r.where
		}
		if facet {
			what += "; started as a facet it has SQLite storage, but the instances reached through its binding do not"
		}
		report := func(n *jsast.Node, api, consequence string) {
			rule.Report(pass, f.Pos(n.Start), f.Pos(n.End),
				fmt.Sprintf("%s in %s, %s: %s", api, c.Name, what, consequence),
				rule.Related(r.pos, r.end, "%s", r.related))
		}
		// What a call does depends on where the class runs: a config
		// that is never deployed runs only locally, and a class that no
		// migration creates cannot be deployed until one does.
		throws := func(local, prod, advice string) string {
			switch {
			case harness:
				return fmt.Sprintf("in a test run it throws %q; %s", local, advice)
			case r.noMigration:
				return fmt.Sprintf("wrangler dev runs it KV-backed, where it throws %q, and deploy fails with code 10061 until a migration creates the class; %s", local, advice)
			case prod == "":
				return fmt.Sprintf("it throws %q; %s", local, advice)
			}
			return fmt.Sprintf("in production it throws %q (wrangler dev: %q); %s", prod, local, advice)
		}
		sqlAdvice := "create the class with new_sqlite_classes in a new migration"
		switch {
		case harness:
			sqlAdvice = "create the class with new_sqlite_classes in this test config"
		case !r.noMigration:
			sqlAdvice = "new_sqlite_classes is only possible for a class that was never deployed"
		}
		// The calls and members looked at are selected by name once per
		// module, not again for every class and project.
		for n := range c.File.Index.Select(c.Node, storageNames{}, func(n *jsast.Node) bool {
			if n.Kind == jsast.KindPropertyAccess {
				_, name, ok := f.Member(n)
				return ok && name == "databaseSize"
			}
			_, name := f.CalleeName(n)
			return storageCalls[name]
		}, jsast.KindCall, jsast.KindPropertyAccess) {
			if n.Kind == jsast.KindPropertyAccess {
				if x, name, ok := f.Member(n); ok && name == "databaseSize" && dosrc.IsSQL(c, x) {
					report(n, "sql.databaseSize", throws(sqlLocalStart+" ...", sqlProdStart+" ...", sqlAdvice))
				}
				continue
			}
			recv, name := f.CalleeName(n)
			if recv == nil {
				continue
			}
			switch {
			case name == "exec" && dosrc.IsSQL(c, recv):
				report(n, "sql.exec()", throws(sqlLocalStart+" ...", sqlProdStart+" ...", sqlAdvice))
			case (name == "get" || name == "put" || name == "delete" || name == "list") && dosrc.IsSyncKV(c, recv):
				advice := fmt.Sprintf("use the asynchronous storage.%s()", name)
				if r.noMigration || harness {
					advice += ", or " + sqlAdvice
				}
				report(n, "storage.kv."+name+"()", throws(kvStart+" ...", "", advice))
			case name == "transactionSync" && dosrc.IsStorage(c, recv) && !harness && !r.noMigration:
				// Local storage is SQLite underneath, so only a deployed
				// KV-backed class throws. A class no migration creates
				// has no deployment yet (missingmigration reports that).
				report(n, "transactionSync()", fmt.Sprintf("it works under wrangler dev, whose storage is SQLite underneath, but in production it throws %q; use storage.transaction(async (txn) => ...); %s", txnProd, sqlAdvice))
			}
		}
	}
	return nil, nil
}

// reason returns why class c is KV-backed in one of the scripts that bind
// it, or nil when it is SQLite-backed (or unknown) in all of them.
func reason(hist *history.Result, c *source.Class) *kvReason {
	for _, b := range c.Bindings {
		var hs *history.Script
		for _, s := range hist.Scripts {
			if s.Env == b.Script.Env {
				hs = s
			}
		}
		if hs == nil || hs.Replay == nil || hs.Replay.Err != nil || b.Binding.ClassName == nil {
			continue // a replay wrangler stops at says nothing reliable
		}
		name := b.Binding.ClassName.Value
		where := ""
		if hs.Env != "" {
			where = " in env " + hs.Env
		}
		cl := hs.Replay.Lookup(name)
		switch {
		case cl == nil:
			if hs.FromExports {
				continue // exports say nothing about the class; another rule reports it
			}
			return &kvReason{
				where:       where,
				pos:         b.Binding.ClassName.Pos,
				end:         b.Binding.ClassName.End,
				related:     "bound here; no migration creates " + name,
				noMigration: true,
			}
		case cl.Backend != migrations.KV:
			continue
		case cl.Step < 0:
			return &kvReason{
				why: "its exports entry" + where + ` has storage "legacy-kv"`,
				pos: cl.Created.Pos, end: cl.Created.End,
				related: name + ` is declared with storage "legacy-kv" here`,
			}
		case hs.Section.Migrations == nil || cl.Step >= len(hs.Section.Migrations.Steps) || cl.Created == nil:
			continue
		default:
			step := hs.Section.Migrations.Steps[cl.Step]
			tag := fmt.Sprintf("step %d", cl.Step+1)
			if step.Tag != nil {
				tag = "tag " + step.Tag.Value
			}
			how := "created with new_classes"
			if !inList(step.NewClasses, cl.Created) {
				how = "renamed from a new_classes class"
			}
			return &kvReason{
				why: fmt.Sprintf("%s in migration %s%s", how, tag, where),
				pos: cl.Created.Pos, end: cl.Created.End,
				related: name + " becomes KV-backed here",
			}
		}
	}
	return nil
}

func inList(l *wrangler.StringList, s *wrangler.String) bool {
	if l == nil {
		return false
	}
	for _, x := range l.Items {
		if x == s {
			return true
		}
	}
	return false
}
