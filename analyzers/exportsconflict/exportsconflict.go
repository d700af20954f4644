// Package exportsconflict reports a script that declares its Durable Object
// lifecycle both with migrations and with declarative exports.
package exportsconflict

import (
	"go/token"

	"github.com/dolint-dev/dolint/analyzers/workerconfig"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/wrangler"
	"golang.org/x/tools/go/analysis"
)

// message is wrangler's error, verbatim.
const message = "`migrations` and `exports` are mutually exclusive. Choose one or the other to declare your Durable Object lifecycle, but not both."

var doc = &rule.Doc{
	Name:  "exportsconflict",
	Title: "migrations and durable-object exports together",
	What: `Reports a script whose effective config has a non-empty migrations list and
an exports entry of type "durable-object". Both keys are inherited by
environments, so an environment can combine its own exports with the top
level's migrations, or the reverse.`,
	Why: `wrangler refuses the config with "` + message + `", so nothing deploys.
That is wrangler with exports support (observed with 4.164.0); an older one,
such as 4.86.0, only warns "Unexpected fields found in top-level field:
"exports"" and deploys by the migrations alone, ignoring exports.
Once a Worker has deployed with exports, the API also refuses a return to
migrations (code 100403), so pick one on purpose.`,
	Bad: `-- wrangler.jsonc --
{
  "name": "counter",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }],
  "exports": { "Counter": { "type": "durable-object", "storage": "sqlite" } }
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
	Severity: rule.Error,
	Category: rule.Correctness,
	References: []string{
		"https://developers.cloudflare.com/durable-objects/reference/durable-objects-migrations/#migrate-from-the-legacy-migrations-flow",
		"https://developers.cloudflare.com/workers/wrangler/configuration/#durable-objects",
	},
}

// Rule reports migrations and durable-object exports in one script.
var Rule = rule.New(doc, run, workerconfig.Analyzer)

func run(pass *analysis.Pass) (any, error) {
	cfg := pass.ResultOf[workerconfig.Analyzer].(*wrangler.Config)
	check(pass, &cfg.Top, &cfg.Top, "")
	for _, e := range cfg.Envs {
		// An environment that inherits both keys repeats the top level's
		// conflict, which is reported there once.
		if e.Migrations == nil && e.Exports == nil {
			continue
		}
		check(pass, cfg.Effective(e.Name), &e.Section, e.Name)
	}
	return nil, nil
}

// check reports the conflict in the effective section eff, at whichever
// of the two keys own (the section as written) holds, the exports entry
// first since that is the newer declaration.
func check(pass *analysis.Pass, eff, own *wrangler.Section, env string) {
	if eff.Migrations == nil || len(eff.Migrations.Steps) == 0 {
		return
	}
	entry := firstDO(eff.Exports)
	if entry == nil {
		return
	}
	where := "in this config"
	if env != "" {
		where = "for env." + env
	}
	migrationsRel := rule.Related(eff.Migrations.Pos, token.NoPos, "migrations declared here")
	if own.Exports != nil && firstDO(own.Exports) == entry {
		rule.Report(pass, entry.Class.Pos, entry.Class.End,
			"exports entry "+entry.Class.Value+" declares a Durable Object while migrations are also set "+where+"; wrangler refuses to deploy: \""+message+"\" Keep one: either move every class into exports and remove migrations, or drop the durable-object exports entries",
			migrationsRel)
		return
	}
	rule.Report(pass, own.Migrations.Pos, token.NoPos,
		"migrations are set while exports (inherited from the top level) declares Durable Object "+entry.Class.Value+" "+where+"; wrangler refuses to deploy: \""+message+"\" Keep one: either move every class into exports and remove migrations, or drop the durable-object exports entries",
		rule.Related(entry.Class.Pos, entry.Class.End, "durable-object export %s", entry.Class.Value))
}

func firstDO(ex *wrangler.Exports) *wrangler.Export {
	if ex == nil {
		return nil
	}
	for _, e := range ex.Entries {
		if e.Type != nil && e.Type.Value == "durable-object" {
			return e
		}
	}
	return nil
}
