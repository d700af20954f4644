// Package unusedignore reports suppression directives that suppress nothing.
package unusedignore

import (
	"github.com/dolint-dev/dolint/internal/rule"
	"golang.org/x/tools/go/analysis"
)

// Doc documents the rule.
var Doc = &rule.Doc{
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

// Analyzer is the rule. The driver reports its findings after every other
// rule of the project ran, since only then is it known what each directive
// suppressed; running it only tells the driver that the rule is enabled.
var Analyzer = rule.Define(Doc, func(*analysis.Pass) (any, error) { return nil, nil })
