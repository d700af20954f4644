// Package nohistory notes a config whose migrations cannot be held against
// its git history: it is outside every git repository, git is missing, or
// a shallow clone cut the history short.
package nohistory

import (
	"fmt"
	"go/token"
	"path/filepath"

	"github.com/dolint-dev/dolint/analyzers/confighistory"
	"github.com/dolint-dev/dolint/analyzers/workerconfig"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/wrangler"
	"golang.org/x/tools/go/analysis"
)

var doc = &rule.Doc{
	Name:  "nohistory",
	Title: "migrations not checked against the config's git history",
	What: `Notes, once per config that has migrations, that the rule migrationhistory
could not hold them against the committed history of the file: the config
is not in a git repository, git is not installed, or the repository is a
shallow clone whose depth stops at a commit that changed the file, so the
commits before it (and the forms of the steps they held) are missing. A
file added within the clone's depth has all of its history and gets no
note. Where a tree never has a history (an extracted archive), or where
migrationhistory is off, turn this rule off too.`,
	Why: `Deploy sends only the steps after the tag a script last deployed, so an edit
to a step that was ever deployed changes nothing in the scripts that have
it, and the file on its own still looks valid: only its history shows the
edit. Without the history that check silently passes. actions/checkout
fetches a single commit unless told otherwise, which is the usual way to
lose it in CI: give it fetch-depth: 0, or run git fetch --unshallow before
dolint.`,
	Bad: `-- wrangler.jsonc --
{
  "name": "chat",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "ROOMS", "class_name": "Room" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Room"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {}
export default { fetch: () => new Response("ok") };
`,
	Good: `-- wrangler.jsonc --
{
  "name": "chat",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "ROOMS", "class_name": "Room" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Room"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {}
export default { fetch: () => new Response("ok") };
-- git commit -m "add chat rooms" --
`,
	Severity: rule.Info,
	Category: rule.Correctness,
	References: []string{
		"https://github.com/actions/checkout#usage",
	},
}

// Rule notes configs whose migration history cannot be read.
var Rule = rule.New(doc, run, workerconfig.Analyzer, confighistory.Analyzer)

func run(pass *analysis.Pass) (any, error) {
	cfg := pass.ResultOf[workerconfig.Analyzer].(*wrangler.Config)
	hist := pass.ResultOf[confighistory.Analyzer].(*confighistory.Result)
	if cfg.TestHarness != nil || !confighistory.HasMigrations(cfg) {
		return nil, nil
	}
	name := filepath.Base(cfg.Path)
	pos, end := firstList(cfg)
	switch {
	case hist.Unavailable != "":
		rule.Report(pass, pos, end, fmt.Sprintf(
			"the migrations of %s are not checked against its git history: %s; deploy never sends a step again to a script that has its tag, so an edit to a committed step changes nothing where it was deployed, and only the file's history shows it; lint a clone of the repository, with git installed, to have migrationhistory check them",
			name, hist.Unavailable))
	case hist.Shallow:
		rule.Report(pass, pos, end, fmt.Sprintf(
			"the git history of %s is cut short by a shallow clone, so its migrations are checked only against the commits the clone has; deploy never sends a step again to a script that has its tag, so an edit to a step committed before the clone's first commit goes unnoticed; fetch the whole history: fetch-depth: 0 for actions/checkout, or git fetch --unshallow",
			name))
	}
	return nil, nil
}

// firstList is the migrations key the note points at: the top level's,
// else the first environment's own.
func firstList(cfg *wrangler.Config) (token.Pos, token.Pos) {
	ms := cfg.Top.Migrations
	for _, e := range cfg.Envs {
		if ms == nil {
			ms = e.Migrations
		}
	}
	if len(ms.Steps) > 0 && ms.Steps[0].Tag != nil {
		// The first tag: one line, where a whole list would underline
		// the lot.
		return ms.Steps[0].Tag.Pos, ms.Steps[0].Tag.End
	}
	return ms.Pos, ms.End
}
