// Package missingmigration reports a Durable Object binding whose class no
// migration (or live exports entry) of its script creates.
package missingmigration

import (
	"fmt"
	"go/token"
	"strings"

	"github.com/dolint-dev/dolint/analyzers/facets"
	"github.com/dolint-dev/dolint/analyzers/history"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/wrangler"
	"golang.org/x/tools/go/analysis"
)

var doc = &rule.Doc{
	Name:  "missingmigration",
	Title: "bound durable object class is never created",
	What: `Reports a Durable Object binding without script_name whose class_name no
migration of its script creates, or, for a script that declares its classes
in exports, that no live exports entry declares. The top level and each
environment are separate scripts: an environment's bindings are checked
against its own migrations, or the top-level list it inherits. A config that
only a test runner reads (a vitest-pool-workers configPath, see workerconfig)
is never deployed and is not checked: test configs often bind classes, facets
among them, without migrations on purpose. A class that is only started as a
facet needs no migration and has no binding, so it is never reported.`,
	Why: `The deploy API refuses to bind a class that no applied migration created:
"Cannot create binding for class '<C>' because it is not currently configured
to implement Durable Objects" (code 10061). wrangler only warns when the
migrations list is empty, and says nothing when the list exists but never
mentions the class. Meanwhile wrangler dev runs such a class KV-backed, so
ctx.storage.sql fails locally even though the class is meant to be
SQLite-backed.`,
	Bad: `-- wrangler.jsonc --
{
  "name": "counter",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] }
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {}
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
export class Counter extends DurableObject {}
export default { fetch: () => new Response("ok") };
`,
	Fix: `Appends one migration step to the list the script uses (the
environment's own, or the top-level one it inherits) that creates every
missing class of that list as SQLite-backed: { "tag": <next tag>,
"new_sqlite_classes": [...] }. The tag continues the file's scheme (v2 after
v1, v02 after v01, 3 after 2) and is v1 when there is no migration yet; a
missing migrations key is added after durable_objects. A script that
declares its classes in exports gets "<Class>": { "type": "durable-object",
"storage": "sqlite" } entries there instead. The file keeps its formatting.
No fix is offered for a class the migrations deleted or renamed, or whose
name differs from a created class only in case: those need a decision.`,
	Safety:   rule.Safe,
	Severity: rule.Error,
	Verify:   rule.VerifyDeploy,
	Category: rule.Correctness,
	References: []string{
		"https://developers.cloudflare.com/durable-objects/reference/durable-objects-migrations/",
		"https://developers.cloudflare.com/durable-objects/reference/durable-object-class-migrations-legacy/",
		"https://developers.cloudflare.com/durable-objects/get-started/",
	},
}

// Rule reports bound classes that no migration creates.
var Rule = rule.New(doc, run, history.Analyzer, source.Analyzer, facets.Analyzer)

// err10061 is the gist of the deploy API's refusal, as users report it.
const err10061 = "Cannot create binding for class '%s' because it is not currently configured to implement Durable Objects"

func run(pass *analysis.Pass) (any, error) {
	hist := pass.ResultOf[history.Analyzer].(*history.Result)
	if hist.Config.TestHarness != nil {
		// Every finding here is about what a deploy does.
		return nil, nil
	}
	res := pass.ResultOf[source.Analyzer].(*source.Result)
	fr := pass.ResultOf[facets.Analyzer].(*facets.Result)
	fixes := planFixes(hist)
	for _, s := range hist.Scripts {
		sec := s.Section
		if sec == nil || sec.DurableObjects == nil || s.Replay == nil {
			continue
		}
		for _, b := range sec.DurableObjects.Bindings {
			if !b.Local() || b.ClassName == nil || b.Name == nil || wrangler.HasPlaceholder(b.ClassName.Value) {
				continue // a template's "<CLASS_NAME>" is filled in when it is copied
			}
			if s.Replay.Lookup(b.ClassName.Value) != nil {
				continue
			}
			check(pass, s, b, fixes, isFacet(res, fr, s.Env, b))
		}
	}
	return nil, nil
}

// isFacet reports whether the class binding b names is also started as a
// facet.
func isFacet(res *source.Result, fr *facets.Result, env string, b *wrangler.Binding) bool {
	if fr.Named(b.ClassName.Value) {
		return true
	}
	if sc := res.Script(env); sc != nil && sc.Entry != nil {
		if sym, st := res.LookupExport(sc.Entry, b.ClassName.Value); st == source.Found && sym.Class != nil {
			return fr.Of(sym.Class)
		}
	}
	return false
}

func check(pass *analysis.Pass, s *history.Script, b *wrangler.Binding, fixes *plan, facet bool) {
	class, binding := b.ClassName.Value, b.Name.Value
	sec := s.Section
	where := ""
	if s.Env != "" {
		where = " in env." + s.Env
		if sec.Name != nil {
			where += fmt.Sprintf(" (script %q)", sec.Name.Value)
		}
	}
	var opts []rule.Option
	var msg string
	switch {
	case s.FromExports:
		msg = fmt.Sprintf("class %s is bound by DO binding %s%s but no live exports entry declares it, so nothing creates its namespace (wrangler only warns that there is \"no live `exports` entry\" for it); add \"%s\": { \"type\": \"durable-object\", \"storage\": \"sqlite\" } to exports",
			class, binding, where, class)
		opts = append(opts, rule.Related(sec.Exports.Pos, token.NoPos, "exports of this script"))
	default:
		f := fateOf(sec.Migrations, class)
		switch {
		case f == nil:
			advice := fmt.Sprintf("add a migration step with \"new_sqlite_classes\": [%q]", class)
			if hint := similar(s, class); hint != "" {
				advice = fmt.Sprintf("class names are case-sensitive and the migrations create %s: did you mean \"class_name\": %q?", hint, hint)
			}
			local := "wrangler dev runs the class KV-backed, so its SQL API fails locally"
			if facet {
				local = "wrangler dev runs the instances reached through the binding KV-backed, so their SQL API fails locally (its facets have SQLite storage)"
			}
			msg = fmt.Sprintf("class %s is bound by DO binding %s%s but no migration creates it; deploy fails with %q (code 10061), and %s; %s",
				class, binding, where, fmt.Sprintf(err10061, class), local, advice)
		case f.renamedTo != "":
			msg = fmt.Sprintf("class %s is bound by DO binding %s%s but migrations[%d] renames it to %s; deploy fails with %q (code 10061); bind %s instead",
				class, binding, where, f.step, f.renamedTo, fmt.Sprintf(err10061, class), f.renamedTo)
			opts = append(opts, rule.Related(f.at.Pos, f.at.End, "%s renamed here", class))
		default:
			msg = fmt.Sprintf("class %s is bound by DO binding %s%s but migrations[%d] deletes it with all its data; deploy fails with %q, or with %q (code 10061) once the deletion is applied; remove the binding",
				class, binding, where, f.step, fmt.Sprintf(errDelete, class), fmt.Sprintf(err10061, class))
			opts = append(opts, rule.Related(f.at.Pos, f.at.End, "%s deleted here", class))
		}
		if sec.Migrations != nil {
			opts = append(opts, rule.Related(sec.Migrations.Pos, token.NoPos, "migrations of this script"))
		}
	}
	if fx := fixes.of(s, b); fx != nil {
		opts = append(opts, rule.Fix(fx.message, fx.edits...))
	}
	rule.Report(pass, b.ClassName.Pos, b.ClassName.End, msg, opts...)
}

// errDelete is the deploy API's refusal to delete a class that a binding
// still names, as Cloudflare's troubleshooting page quotes it.
const errDelete = "Cannot apply --delete-class migration to class %s without also removing the binding that references it"

// fate is the last thing the migrations did to a class that no longer
// exists: deleted it, or renamed it away.
type fate struct {
	step      int
	at        *wrangler.String
	renamedTo string
}

func fateOf(ms *wrangler.Migrations, class string) *fate {
	if ms == nil {
		return nil
	}
	var last *fate
	for _, st := range ms.Steps {
		if st.DeletedClasses != nil {
			for _, d := range st.DeletedClasses.Items {
				if d.Value == class {
					last = &fate{step: st.Index, at: d}
				}
			}
		}
		for _, r := range st.RenamedClasses {
			if r.From != nil && r.To != nil && r.From.Value == class {
				last = &fate{step: st.Index, at: r.From, renamedTo: r.To.Value}
			}
		}
	}
	return last
}

// similar returns a live class whose name differs from class only in
// case, the usual slip when class_name repeats the binding's name.
func similar(s *history.Script, class string) string {
	for name := range s.Replay.Classes {
		if name != class && strings.EqualFold(name, class) {
			return name
		}
	}
	return ""
}
