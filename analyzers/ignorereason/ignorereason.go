// Package ignorereason reports suppression directives without a reason or
// with a rule name dolint does not know.
package ignorereason

import (
	"fmt"
	"strings"

	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/internal/suppress"
)

var doc = &rule.Doc{
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

// Rule is the rule. Its findings come from judge, which the driver calls
// for each directive once the run's other rules have reported.
var Rule = func() *rule.Rule {
	r := rule.New(doc, nil)
	r.Directive = judge
	return r
}()

// judge reports a directive that names no rule, names an unknown one, or
// gives no reason.
func judge(d *suppress.Directive, run rule.DirectiveRun) string {
	kind := "dolint:ignore"
	if d.File {
		kind = "dolint:file-ignore"
	}
	if len(d.Rules) == 0 {
		return fmt.Sprintf("%s names no rule: write %s RULE reason", kind, kind)
	}
	var unknown []string
	for _, r := range d.Rules {
		if !run.Known(r) {
			unknown = append(unknown, r)
		}
	}
	if len(unknown) > 0 {
		return fmt.Sprintf("%s names unknown rule %s (see 'dolint rules')", kind, strings.Join(unknown, ", "))
	}
	if d.Reason == "" {
		return fmt.Sprintf("%s %s has no reason: say why the finding does not apply, so the next reader can judge it", kind, strings.Join(d.Rules, ","))
	}
	return ""
}
