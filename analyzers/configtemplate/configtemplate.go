// Package configtemplate notes a wrangler config that is a project template
// whose placeholders are not filled in yet.
package configtemplate

import (
	"fmt"
	"strings"

	"github.com/dolint-dev/dolint/analyzers/workerconfig"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/wrangler"
	"golang.org/x/tools/go/analysis"
)

var doc = &rule.Doc{
	Name:  "configtemplate",
	Title: "config is a template with unfilled placeholders",
	What: `Notes, once per file, a wrangler config whose string values hold template
placeholders such as "<WORKER_NAME>", "<COMPATIBILITY_DATE>", "{{name}}" or
"{{ name }}". Project generators (create-cloudflare among them) ship such
files and fill the placeholders in when they copy the template. dolint does
not judge a placeholder value: configschema reports no error for it.`,
	Why: `A placeholder is not a value wrangler would accept ("<WORKER_NAME>" is no
valid Worker name, "<COMPATIBILITY_DATE>" no date), but it is not a mistake
either: the file is not meant to be deployed as it stands. The note says that
these values went unchecked, so a clean run is not read as a verdict on
them. If the file is not a template, replace the placeholders with real
values.`,
	Bad: `-- wrangler.jsonc --
{
  "name": "<WORKER_NAME>",
  "main": "src/index.ts",
  "compatibility_date": "<COMPATIBILITY_DATE>",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
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
  "compatibility_date": "2025-06-01",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {}
export default { fetch: () => new Response("ok") };
`,
	Safety:   rule.NoFix,
	Severity: rule.Info,
	Category: rule.Suspicious,
	References: []string{
		"https://developers.cloudflare.com/workers/wrangler/configuration/",
		"https://developers.cloudflare.com/pages/get-started/c3/",
	},
}

// Rule notes a config with template placeholders.
var Rule = rule.New(doc, run, workerconfig.Analyzer)

// shown is how many placeholder values the note quotes.
const shown = 3

func run(pass *analysis.Pass) (any, error) {
	cfg := pass.ResultOf[workerconfig.Analyzer].(*wrangler.Config)
	ps := cfg.Placeholders
	if len(ps) == 0 {
		return nil, nil
	}
	// The same placeholder is often used twice (a name and a route).
	var distinct []string
	seen := map[string]bool{}
	for _, p := range ps {
		if !seen[p.Value] {
			seen[p.Value] = true
			distinct = append(distinct, fmt.Sprintf("%q", p.Value))
		}
	}
	list := strings.Join(distinct[:min(len(distinct), shown)], ", ")
	if len(distinct) > shown {
		list += fmt.Sprintf(" and %d more", len(distinct)-shown)
	}
	values, them := "a value holds a template placeholder", "it"
	if len(ps) > 1 {
		values, them = fmt.Sprintf("%d values hold template placeholders", len(ps)), "them"
	}
	rule.Report(pass, ps[0].Pos, ps[0].End, fmt.Sprintf(
		"this config is a project template: %s (%s), which the tool that copies the template fills in, so dolint did not check %s; if this file is deployed as it is, replace %s with real values",
		values, list, them, them))
	return nil, nil
}
