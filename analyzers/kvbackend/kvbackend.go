// Package kvbackend reports Durable Object classes created with the legacy
// KV storage backend.
package kvbackend

import (
	"fmt"

	"github.com/dolint-dev/dolint/analyzers/facets"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/analyzers/workerconfig"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/migrations"
	"github.com/dolint-dev/dolint/wrangler"
	"golang.org/x/tools/go/analysis"
)

// freePlan is the deploy API's refusal on the Free plan (code 10097).
const freePlan = "In order to use Durable Objects with a free plan, you must create a namespace using a `new_sqlite_classes` migration."

var doc = &rule.Doc{
	Name:  "kvbackend",
	Title: "durable object class uses the legacy kv storage backend",
	What: `Reports each class a migration creates with new_classes, and each live
exports entry with storage "legacy-kv": both create a KV-backed class. A class
that a later migration deletes is not reported, nor a creation that cannot
apply because the class already exists (migrationreplay reports that). A
class that is only started as a facet (ctx.facets.get with ctx.exports.X, or
the Agents SDK's subAgent) is not reported: a facet's storage is SQLite
whatever its migration says. Nor is a config that only a test runner reads
(see workerconfig): it is never deployed, and what a KV-backed class breaks
in a test run, sqlonkv reports.`,
	Why: `A KV-backed class has no SQL API (ctx.storage.sql) and no synchronous
ctx.storage.kv, keys are limited to 2 KiB and values to 128 KiB, and on the
Free plan the deploy fails with code 10097 ("` + freePlan + `").
new_sqlite_classes creates a SQLite-backed class instead, with up to 10 GB per
object. The choice is permanent: a deployed KV-backed class can never be
converted to SQLite, and editing a migration step that was already applied
has no effect, because deploy only sends the steps after the deployed tag. So
switch a class only before its first deploy; for a deployed class, keep it or
move its data to a new SQLite-backed class.`,
	Bad: `-- wrangler.jsonc --
{
  "name": "counter",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [{ "tag": "v1", "new_classes": ["Counter"] }]
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
	Safety:   rule.NoFix,
	Severity: rule.Warning,
	Category: rule.Correctness,
	References: []string{
		"https://developers.cloudflare.com/durable-objects/reference/durable-objects-migrations/",
		"https://developers.cloudflare.com/durable-objects/reference/durable-object-class-migrations-legacy/",
		"https://developers.cloudflare.com/durable-objects/api/sqlite-storage-api/",
		"https://developers.cloudflare.com/durable-objects/platform/limits/",
		"https://developers.cloudflare.com/durable-objects/platform/pricing/",
	},
}

// Rule reports classes created KV-backed.
var Rule = rule.New(doc, run, workerconfig.Analyzer, source.Analyzer, facets.Analyzer)

func run(pass *analysis.Pass) (any, error) {
	cfg := pass.ResultOf[workerconfig.Analyzer].(*wrangler.Config)
	if cfg.TestHarness != nil {
		return nil, nil
	}
	only := facetOnly(cfg, pass.ResultOf[source.Analyzer].(*source.Result), pass.ResultOf[facets.Analyzer].(*facets.Result))
	// Only sections as written: an inherited list is the top level's and is
	// reported there once.
	sections := []*wrangler.Section{&cfg.Top}
	for _, e := range cfg.Envs {
		sections = append(sections, &e.Section)
	}
	for _, sec := range sections {
		if sec.Migrations != nil {
			checkMigrations(pass, sec.Migrations.Steps, only)
		}
		if sec.Exports != nil {
			checkExports(pass, sec.Exports, only)
		}
	}
	return nil, nil
}

// facetOnly maps the class names that the Worker starts as facets to
// whether they are only facets: no local binding of any section names
// them and ctx.exports does not reach them as a namespace. Such a class has
// no namespace whose backend would matter.
func facetOnly(cfg *wrangler.Config, res *source.Result, fr *facets.Result) map[string]bool {
	bound := map[string]bool{}
	sections := []*wrangler.Section{&cfg.Top}
	for _, e := range cfg.Envs {
		sections = append(sections, &e.Section)
	}
	for _, sec := range sections {
		if sec.DurableObjects == nil {
			continue
		}
		for _, b := range sec.DurableObjects.Bindings {
			if b.Local() && b.ClassName != nil {
				bound[b.ClassName.Value] = true
			}
		}
	}
	out := map[string]bool{}
	for _, u := range fr.Uses {
		for _, name := range []string{u.Export, className(u)} {
			if name != "" {
				out[name] = !bound[name] && !fr.Namespace(name)
			}
		}
	}
	return out
}

func className(u *facets.Use) string {
	if u.Class == nil {
		return ""
	}
	return u.Class.Name
}

func checkMigrations(pass *analysis.Pass, steps []*wrangler.Migration, facetOnly map[string]bool) {
	// A creation that cannot apply (the class exists already) creates
	// nothing; migrationreplay reports it.
	failed := map[*wrangler.String]bool{}
	for _, f := range migrations.Replay(steps).Failures {
		failed[f.Class] = true
	}
	for i, step := range steps {
		if step.NewClasses == nil {
			continue
		}
		for _, c := range step.NewClasses.Items {
			only, facet := facetOnly[c.Value]
			if failed[c] || deletedLater(steps[i+1:], c.Value) || only || wrangler.HasPlaceholder(c.Value) {
				continue
			}
			it, note := "it gets", ""
			if facet {
				it, note = "the instances reached through its binding get", " (started as a facet it has SQLite storage)"
			}
			rule.Report(pass, c.Pos, c.End, fmt.Sprintf(
				"class %s is created with new_classes, the legacy KV storage backend: %s no SQL API and no synchronous ctx.storage.kv%s, and on the Free plan deploy fails with code 10097 (%q); new_sqlite_classes creates it SQLite-backed with up to 10 GB per object. If %s is already deployed, do not just move it to new_sqlite_classes: a deployed KV-backed class can never be converted, and an applied step is not sent again",
				c.Value, it, note, freePlan, c.Value))
		}
	}
}

func checkExports(pass *analysis.Pass, ex *wrangler.Exports, facetOnly map[string]bool) {
	for _, e := range ex.Entries {
		if !e.Live() || e.Storage == nil || e.Storage.Value != "legacy-kv" || facetOnly[e.Class.Value] {
			// facetOnly[x] is false for a class that is also bound.
			continue
		}
		rule.Report(pass, e.Storage.Pos, e.Storage.End, fmt.Sprintf(
			"exports entry %s uses storage \"legacy-kv\", the legacy KV storage backend: the class gets no SQL API and no synchronous ctx.storage.kv, and on the Free plan deploy fails with code 10097; storage \"sqlite\" makes it SQLite-backed with up to 10 GB per object. If %s is already deployed, do not just change the storage: a deployed KV-backed class can never be converted",
			e.Class.Value, e.Class.Value))
	}
}

// deletedLater follows class through later steps' renames and reports
// whether one of them deletes it. Within a step deletions apply before
// renames, as in wrangler's replay.
func deletedLater(steps []*wrangler.Migration, class string) bool {
	for _, s := range steps {
		for _, d := range s.DeletedClasses.Values() {
			if d == class {
				return true
			}
		}
		for _, r := range s.RenamedClasses {
			if r.From != nil && r.To != nil && r.From.Value == class {
				class = r.To.Value
				break
			}
		}
	}
	return false
}
