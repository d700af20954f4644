// Package migrationreplay reports migration steps that cannot be applied
// and migration entries that wrangler's validation rejects.
package migrationreplay

import (
	"fmt"
	"go/token"

	"github.com/dolint-dev/dolint/analyzers/history"
	"github.com/dolint-dev/dolint/analyzers/workerconfig"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/migrations"
	"github.com/dolint-dev/dolint/wrangler"
	"golang.org/x/tools/go/analysis"
)

var doc = &rule.Doc{
	Name:  "migrationreplay",
	Title: "migration step cannot be applied",
	What: `Replays each script's migrations in order and reports every operation that
cannot apply: deleting or renaming a class that does not exist at that
point, or creating one that already does. Within a step, deletions apply
first, then renames, then new_classes, then new_sqlite_classes. Also reports
the migrations entries wrangler's config validation rejects, such as a step
without a tag, with wrangler's wording.`,
	Why: `wrangler replays the list the same way and stops at the first impossible
step with "Cannot apply ... migration to ...": wrangler dev and type
generation do, and so does wrangler deploy in recent versions (4.164.0
stops before uploading anything; 4.86.0 did not replay on deploy). Where
wrangler uploads the migration anyway, the deploy API cannot apply it, so
the deploy fails either way. wrangler's replay ignores transferred_classes,
so a class transferred in and then deleted or renamed stops it although the
deploy API would accept the step.
A malformed entry stops wrangler before anything is built. wrangler reports
one problem at a time; this rule reports all of them.`,
	Bad: `-- wrangler.jsonc --
{
  "name": "counter",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [
    { "tag": "v1", "new_sqlite_classes": ["Counter"] },
    { "tag": "v2", "renamed_classes": [{ "from": "Countr", "to": "Tally" }] }
  ]
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
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Tally" }] },
  "migrations": [
    { "tag": "v1", "new_sqlite_classes": ["Counter"] },
    { "tag": "v2", "renamed_classes": [{ "from": "Counter", "to": "Tally" }] }
  ]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Tally extends DurableObject {}
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

// Rule reports impossible and malformed migration steps.
var Rule = rule.New(doc, run, workerconfig.Analyzer, history.Analyzer)

type key struct {
	pos token.Pos
	msg string
}

func run(pass *analysis.Pass) (any, error) {
	cfg := pass.ResultOf[workerconfig.Analyzer].(*wrangler.Config)
	hist := pass.ResultOf[history.Analyzer].(*history.Result)

	for _, p := range cfg.Problems {
		if p.Area != wrangler.AreaMigrations {
			continue
		}
		msg := p.Message
		if p.Severity == wrangler.Warning {
			if cfg.TestHarness != nil {
				msg += " (wrangler warns about this and ignores the field)"
			} else {
				msg += " (wrangler warns about this and deploys anyway; wrangler dev ignores the field)"
			}
		}
		rule.Report(pass, p.Pos, p.End, msg)
	}

	// Environments that inherit the top-level list replay the same steps;
	// each failure is reported once, at its place in the file.
	seen := map[key]bool{}
	for _, s := range hist.Scripts {
		if s.FromExports || s.Replay == nil || s.Section.Migrations == nil {
			continue
		}
		for _, f := range s.Replay.Failures {
			if f.Class == nil {
				continue
			}
			k := key{f.Class.Pos, f.Message}
			if seen[k] {
				continue
			}
			seen[k] = true
			if cfg.TestHarness != nil && !f.Wrangler {
				continue // only the deploy API refuses it, and nothing deploys a test-only config
			}
			report(pass, hist.Scripts[0], s, f, cfg.TestHarness != nil)
		}
	}
	return nil, nil
}

func report(pass *analysis.Pass, top, s *history.Script, f *migrations.Failure, harness bool) {
	name := f.Class.Value
	var consequence string
	switch {
	case harness:
		// Observed: wrangler 4.86.0's unstable_getMiniflareWorkerOptions,
		// which @cloudflare/vitest-pool-workers uses, throws this error.
		consequence = "this config is read only by the test runner, which replays the migrations with wrangler and stops with this error"
	case f.Wrangler && f.Real:
		consequence = "wrangler dev, and wrangler deploy in recent versions, stop with this error, and the deploy API cannot apply the step either"
	case f.Wrangler:
		// wrangler's local replay ignores transferred_classes.
		consequence = "the deploy API can apply it, since " + name + " was transferred in, but wrangler's replay ignores transferred_classes, so wrangler dev, type generation and, in recent versions, wrangler deploy stop with this error"
	default:
		consequence = "wrangler dev accepts it because its replay ignores transferred_classes, but " + name + " was transferred in by an earlier step, so the deploy API cannot create it again"
	}
	var advice string
	var opts []rule.Option
	switch f.Field {
	case "deleted_classes":
		advice = fmt.Sprintf("no earlier step creates %s under that name; check the spelling, or remove it from deleted_classes", name)
	case "renamed_classes":
		advice = fmt.Sprintf("no earlier step creates %s under that name; rename from the class's current name (renames and deletions before this step count)", name)
	default:
		advice = fmt.Sprintf("%s already exists here; a class is created once, so remove this entry or give the new class another name", name)
		// The state right after the failing step still holds the class
		// that was there first, since the failed creation is skipped.
		after := migrations.Replay(s.Section.Migrations.Steps[:f.Step+1])
		if c := after.Lookup(name); c != nil && c.Created != nil && c.Created != f.Class {
			opts = append(opts, rule.Related(c.Created.Pos, c.Created.End, "%s created here", name))
		}
	}
	if f.Field == "deleted_classes" || f.Field == "renamed_classes" {
		// A common slip: an environment's own list replaces the top
		// level's, so classes created there do not exist in this script.
		if s != top && !s.Inherited && !top.FromExports && top.Replay != nil && top.Replay.Lookup(name) != nil {
			advice += fmt.Sprintf(" (env.%s has its own migrations list, which replaces the top-level one that creates %s)", s.Env, name)
		}
	}
	rule.Report(pass, f.Class.Pos, f.Class.End,
		fmt.Sprintf("%s (migrations[%d]): %s; %s", f.Message, f.Step, consequence, advice), opts...)
}
