// Package ignorereason reports suppression directives without a reason or
// with a rule name dolint does not know.
package ignorereason

import (
	"github.com/dolint-dev/dolint/internal/rule"
	"golang.org/x/tools/go/analysis"
)

// Doc documents the rule.
var Doc = &rule.Doc{
	Name:  "ignorereason",
	Title: "suppression directive without a reason or a known rule",
	What: `Reports a ` + "`dolint:ignore`" + ` or ` + "`dolint:file-ignore`" + ` directive that names no
rule, names a rule that does not exist, or gives no reason after the rule names.
The form is ` + "`// dolint:ignore RULE[,RULE...] reason`" + ` (` + "`#`" + ` in TOML).`,
	Why: `A suppression is a claim that a finding does not apply. Without a reason
the next reader cannot tell whether the claim still holds; with a misspelt rule
name the directive silences nothing and the finding stays.`,
	Bad: `-- wrangler.jsonc --
{
  "name": "counter",
  "main": "src/index.ts",
  "durable_objects": {
    "bindings": [
      // dolint:ignore missingmigration
      { "name": "COUNTER", "class_name": "Counter" },
    ],
  },
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {}
export default { fetch() { return new Response("ok"); } };
`,
	Good: `-- wrangler.jsonc --
{
  "name": "counter",
  "main": "src/index.ts",
  "durable_objects": {
    "bindings": [
      // dolint:ignore missingmigration the release pipeline adds this class's migration from its own config
      { "name": "COUNTER", "class_name": "Counter" },
    ],
  },
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {}
export default { fetch() { return new Response("ok"); } };
`,
	Severity: rule.Warning,
	Category: rule.Suspicious,
}

// Analyzer is the rule; the driver reports its findings (see unusedignore).
var Analyzer = rule.Define(Doc, func(*analysis.Pass) (any, error) { return nil, nil })
