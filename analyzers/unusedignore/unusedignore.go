// Package unusedignore reports suppression directives that suppress nothing.
package unusedignore

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/internal/suppress"
)

var doc = &rule.Doc{
	Name:  "unusedignore",
	Title: "suppression directive that suppresses nothing",
	What: `Reports a ` + "`dolint:ignore`" + ` or ` + "`dolint:file-ignore`" + ` directive when no finding of the
rules it names falls on its line, the next line, or (for file-ignore) its file.
A directive for a rule that was not run (because of --enable or --disable) is
not judged.`,
	Why: `A stale suppression hides the next real finding at that place: the code
was fixed or moved, but the directive still silences the rule there. Removing
it keeps suppressions meaningful.`,
	Bad: `-- wrangler.jsonc --
{
  "name": "counter",
  "main": "src/index.ts",
  "durable_objects": {
    "bindings": [
      // dolint:ignore missingmigration the migration is added in the release branch
      { "name": "COUNTER", "class_name": "Counter" },
    ],
  },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }],
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
      { "name": "COUNTER", "class_name": "Counter" },
    ],
  },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }],
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
// after every other rule of the project ran, since only then is it known
// what each directive suppressed.
var Rule = func() *rule.Rule {
	r := rule.New(doc, nil)
	r.Directive = judge
	return r
}()

// judge reports a directive that suppressed nothing. A directive that
// names no rule or an unknown one is ignorereason's to report, and one for
// a rule that did not run (--disable, --enable) cannot be judged unused.
func judge(d *suppress.Directive, run rule.DirectiveRun) string {
	if d.Used || len(d.Rules) == 0 || slices.ContainsFunc(d.Rules, func(r string) bool { return !run.Known(r) || !run.Ran(r) }) {
		return ""
	}
	kind := "dolint:ignore"
	if d.File {
		kind = "dolint:file-ignore"
	}
	return fmt.Sprintf("%s %s suppresses nothing: no such finding here; remove it", kind, strings.Join(d.Rules, ","))
}
