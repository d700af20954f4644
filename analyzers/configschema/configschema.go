// Package configschema reports wrangler's own validation errors and
// warnings for a config that parses, worded as wrangler words them.
package configschema

import (
	"strings"

	"github.com/dolint-dev/dolint/analyzers/workerconfig"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/wrangler"
	"golang.org/x/tools/go/analysis"
)

var doc = &rule.Doc{
	Name:  "configschema",
	Title: "wrangler rejects or warns about a config field",
	What: `Reports what wrangler's config validation reports for durable_objects,
exports and the other keys dolint models (name, main, compatibility_date,
compatibility_flags, no_bundle, legacy_env), with wrangler's exact wording.
Migration problems belong to migrationreplay, and the environment-inheritance
warnings to envbindings. A value that is a template placeholder, such as
"<WORKER_NAME>" or "{{ name }}", is not judged: the tool that copies the
template fills it in (configtemplate notes such a file once).`,
	Why: `wrangler prints these under "Processing wrangler.jsonc configuration:". Any
error stops the build and the deploy with exit code 1; a malformed binding
never reaches the Worker, whose env then lacks it. Warnings let the deploy
go ahead but mean wrangler ignores part of what was written, such as a
misspelled binding field.`,
	Bad: `-- wrangler.jsonc --
{
  "name": "counter",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class": "Counter" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }]
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
	Safety: rule.NoFix,
	// One rule has one severity. wrangler errors are the rule's reason to
	// exist, so the rule is an error; a problem wrangler only warns about
	// keeps wrangler's text and says so in a suffix (warningSuffix) rather
	// than being silently promoted.
	Severity: rule.Error,
	Category: rule.Correctness,
	References: []string{
		"https://developers.cloudflare.com/workers/wrangler/configuration/",
		"https://developers.cloudflare.com/workers/wrangler/configuration/#durable-objects",
	},
}

// warningSuffix marks a problem wrangler reports as a warning.
const warningSuffix = " (wrangler warns about this and deploys anyway)"

// Rule reports wrangler's validation problems outside migrations.
var Rule = rule.New(doc, run, workerconfig.Analyzer)

func run(pass *analysis.Pass) (any, error) {
	cfg := pass.ResultOf[workerconfig.Analyzer].(*wrangler.Config)
	for _, p := range cfg.Problems {
		if !ours(p) || cfg.Placeholder(p) != nil {
			continue
		}
		msg := p.Message
		if p.Severity == wrangler.Warning {
			msg += warningSuffix
		}
		rule.Report(pass, p.Pos, p.End, msg)
	}
	return nil, nil
}

// ownedElsewhere are the starts of messages that a dedicated rule reports
// with more context, so they are not reported twice.
var ownedElsewhere = []string{
	`"durable_objects" exists at the top level, but not on `,   // envbindings
	`The following bindings are at the top level, but not on `, // envbindings
	"`migrations` and `exports` are mutually exclusive.",       // exportsconflict
}

func ours(p wrangler.Problem) bool {
	switch p.Area {
	case wrangler.AreaSyntax, wrangler.AreaMigrations:
		return false // configsyntax, migrationreplay
	}
	for _, s := range ownedElsewhere {
		if strings.HasPrefix(p.Message, s) {
			return false
		}
	}
	// Duplicate binding names are duplicatebinding's, should the loader
	// start reporting them.
	if strings.Contains(p.Message, " assigned to ") && strings.HasSuffix(p.Message, " bindings.") {
		return false
	}
	return !strings.HasPrefix(p.Message, "Bindings must have unique names")
}
