// Package duplicatetag reports a migration tag used by more than one step.
package duplicatetag

import (
	"fmt"

	"github.com/dolint-dev/dolint/analyzers/workerconfig"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/migrations"
	"github.com/dolint-dev/dolint/wrangler"
	"golang.org/x/tools/go/analysis"
)

var doc = &rule.Doc{
	Name:  "duplicatetag",
	Title: "migration tag used more than once",
	What: `Reports every migration step whose tag an earlier step of the same list
already uses. wrangler's config validation does not check tags at all.`,
	Why: `On deploy, wrangler looks the script's deployed migration tag up in the list
and sends only the steps after it. The lookup stops at the first step with
that tag, so once a repeated tag is deployed, every later deploy sends the
steps after its first occurrence again as pending, and the API rejects the
classes they already created or deleted. Depending on which occurrence was
deployed, steps are skipped or replayed. When a repeated step creates a
class again, wrangler dev, and wrangler deploy in recent versions, stop at
once with "Cannot apply new_sqlite_classes migration to existing class
<X>".`,
	Bad: `-- wrangler.jsonc --
{
  "name": "counter",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [
    { "tag": "v1", "new_sqlite_classes": ["Counter"] },
    { "tag": "v1", "new_sqlite_classes": ["Limiter"] }
  ]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {}
export class Limiter extends DurableObject {}
export default { fetch: () => new Response("ok") };
`,
	Good: `-- wrangler.jsonc --
{
  "name": "counter",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [
    { "tag": "v1", "new_sqlite_classes": ["Counter"] },
    { "tag": "v2", "new_sqlite_classes": ["Limiter"] }
  ]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {}
export class Limiter extends DurableObject {}
export default { fetch: () => new Response("ok") };
`,
	Safety:   rule.NoFix,
	Severity: rule.Error,
	Category: rule.Correctness,
	References: []string{
		"https://developers.cloudflare.com/durable-objects/reference/durable-objects-migrations/",
		"https://developers.cloudflare.com/durable-objects/reference/durable-object-class-migrations-legacy/",
	},
}

// Rule reports repeated migration tags.
var Rule = rule.New(doc, run, workerconfig.Analyzer)

func run(pass *analysis.Pass) (any, error) {
	cfg := pass.ResultOf[workerconfig.Analyzer].(*wrangler.Config)
	if cfg.TestHarness != nil {
		// Tags only matter against a deployed tag; nothing deploys a
		// config that only a test runner reads.
		return nil, nil
	}
	// Lists as written: an environment without its own list replays the
	// top level's, whose duplicates are reported once, there.
	check(pass, cfg.Top.Migrations)
	for _, e := range cfg.Envs {
		check(pass, e.Migrations)
	}
	return nil, nil
}

func check(pass *analysis.Pass, ms *wrangler.Migrations) {
	if ms == nil {
		return
	}
	index := map[*wrangler.String]int{}
	for _, st := range ms.Steps {
		if st.Tag != nil {
			index[st.Tag] = st.Index
		}
	}
	for _, d := range migrations.DuplicateTags(ms.Steps) {
		for _, r := range d.Repeats {
			rule.Report(pass, r.Pos, r.End, fmt.Sprintf(
				"migration tag %q of migrations[%d] is already used by migrations[%d]: deploy matches the deployed tag against the first %q only, so the steps after it, this one included, are skipped or sent again as pending on every deploy, and the API rejects a step it already applied; give this step a new tag that no earlier step uses",
				d.Tag, index[r], index[d.First], d.Tag),
				rule.Related(d.First.Pos, d.First.End, "tag %q first used here", d.Tag))
		}
	}
}
