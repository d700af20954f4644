// Package migrationhistory reports migration steps that were changed after
// they were committed: edited, removed, retagged, reordered, or preceded by
// a new step. Migrations are append-only, because deploy never sends a step
// again to a script that has its tag; the committed history of the config
// file (package confighistory) shows which steps a deployed script may
// already have.
package migrationhistory

import (
	"go/token"

	"github.com/dolint-dev/dolint/analyzers/confighistory"
	"github.com/dolint-dev/dolint/analyzers/workerconfig"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/wrangler"
	"golang.org/x/tools/go/analysis"
)

var doc = &rule.Doc{
	Name:  "migrationhistory",
	Title: "committed migration step edited, removed or reordered",
	What: `Holds each migrations list (the top level's and each environment's own)
against every version of the config file that git has committed, following
renames of the file, and reports:

- a step whose tag a committed version gave other operations: classes
  added, removed or renamed inside it, a class moved between new_classes and
  new_sqlite_classes, other renamed_classes, deleted_classes or
  transferred_classes entries;
- a committed step that is gone, or that is there under another tag;
- committed steps whose order changed;
- a new step inserted before a committed one.

Each finding names the newest commit (short hash, date and subject) that
held the old form. Formatting, comments, key order and the order of names
within one key are not changes; steps added at the end are what migrations
are for. By default the whole history counts; a "history": {"since": REV}
key in .dolint.jsonc, or --history-since REV, counts only the file as
revision REV left it (a release tag, say) and the commits after it. The
working tree's file is compared, so a pre-commit hook sees the staged
edit against HEAD and every commit before it; in a GitHub Actions pull
request run the base branch's history counts too. Where the history cannot
be read, the rule nohistory says so.`,
	Why: `On deploy, wrangler reads the migration tag the script last deployed, looks
it up in the list and sends only the steps after it; the deploy API applies
those and never sees an earlier step again. So editing a step that was ever
deployed changes nothing in the scripts that have it, silently: every
existing deployment keeps what the committed step did, while a fresh
deployment of the same file gets the edited step. A v1 switched from
new_classes to new_sqlite_classes leaves every deployed Room KV-backed (its
SQL calls throw, and a KV-backed class can never be converted); a class
renamed inside v1 leaves the old namespace in place and never creates the
new name (code 10061 for a binding to it); a deleted_classes step removed
from the list never runs where it was not yet applied, and where it ran the
class stays deleted. A removed or retagged step makes wrangler warn that the
deployed tag "was not found" and send every step again, which the API
rejects for the steps already applied; reordered steps are looked up by
place, so a script gets some steps twice and misses others. Nothing in
wrangler or the deploy API notices, because the current file on its own is
valid.`,
	Bad: `-- wrangler.jsonc --
{
  "name": "chat",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "ROOMS", "class_name": "Room" }] },
  "migrations": [
    { "tag": "v1", "new_sqlite_classes": ["Room"] }
  ]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {}
export default { fetch: () => new Response("ok") };
-- git commit -m "add chat rooms" --
-- wrangler.jsonc --
{
  "name": "chat",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "ROOMS", "class_name": "ChatRoom" }] },
  "migrations": [
    { "tag": "v1", "new_sqlite_classes": ["ChatRoom"] }
  ]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class ChatRoom extends DurableObject {}
export default { fetch: () => new Response("ok") };
`,
	Good: `-- wrangler.jsonc --
{
  "name": "chat",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "ROOMS", "class_name": "Room" }] },
  "migrations": [
    { "tag": "v1", "new_sqlite_classes": ["Room"] }
  ]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {}
export default { fetch: () => new Response("ok") };
-- git commit -m "add chat rooms" --
-- wrangler.jsonc --
{
  "name": "chat",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "ROOMS", "class_name": "ChatRoom" }] },
  "migrations": [
    { "tag": "v1", "new_sqlite_classes": ["Room"] },
    { "tag": "v2", "renamed_classes": [{ "from": "Room", "to": "ChatRoom" }] }
  ]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class ChatRoom extends DurableObject {}
export default { fetch: () => new Response("ok") };
`,
	Fix: `Restores the committed step as the commit named in the finding had it, and
appends a new step that makes the intended change: renamed_classes for a
class renamed inside the step, new_sqlite_classes (or new_classes, as the
edit had it) for an added class, deleted_classes for a removed one. The new
step gets a fresh tag in the file's own naming style (v2 → v3, 0001 →
0002), never one that any committed version used. A step that was removed
is put back where it was; a retagged step gets its committed tag back.
The fix is offered only when a replay confirms it: a script deployed from
that commit, deploying the fixed list, must end with the same classes and
storage backends as a fresh deployment of the fixed list, and (for an
edited step) as the edited list meant. Edits no migration can express get
no fix: a class's storage backend cannot change, a deleted class's objects
cannot come back, and transfers involve a second script. Nor is there one
when the current form of the step was committed too, since which form a
script has then depends on when it was deployed.`,
	Safety:   rule.Unsafe,
	Verify:   rule.VerifyHistory,
	Severity: rule.Error,
	Category: rule.Correctness,
	References: []string{
		"https://developers.cloudflare.com/durable-objects/reference/durable-objects-migrations/",
		"https://developers.cloudflare.com/workers/wrangler/configuration/#migrations",
	},
}

// Rule reports committed migration steps that were changed.
var Rule = rule.New(doc, run, workerconfig.Analyzer, confighistory.Analyzer)

func run(pass *analysis.Pass) (any, error) {
	cfg := pass.ResultOf[workerconfig.Analyzer].(*wrangler.Config)
	hist := pass.ResultOf[confighistory.Analyzer].(*confighistory.Result)
	if cfg.TestHarness != nil || len(hist.Versions) == 0 {
		// Nothing deploys a test runner's config; a history that could
		// not be read is the nohistory rule's to report.
		return nil, nil
	}
	for _, f := range diff(cfg, hist.Versions) {
		pos, end := f.position()
		var opts []rule.Option
		if fx := planFix(cfg, f, hist.Versions); fx != nil {
			opts = append(opts, rule.Fix(fx.message, fx.edits...))
		}
		rule.Report(pass, pos, end, f.message(), opts...)
	}
	return nil, nil
}

// position is where a finding is reported: the tag of the step it is
// about, or for a step that is gone, the tag of the step that followed it
// (else preceded it), else the list.
func (f *finding) position() (token.Pos, token.Pos) {
	at := func(m *wrangler.Migration) (token.Pos, token.Pos, bool) {
		if m == nil {
			return token.NoPos, token.NoPos, false
		}
		if m.Tag != nil {
			return m.Tag.Pos, m.Tag.End, true
		}
		return m.Pos, m.End, true
	}
	if f.kind == removed && !f.retagged {
		cur := tagsOf(f.list)
		for _, t := range []string{f.next, f.prev} {
			if p, e, ok := at(cur.by[t]); ok && t != "" {
				return p, e
			}
		}
		return f.list.Pos, f.list.End
	}
	if p, e, ok := at(f.step); ok {
		return p, e
	}
	return f.list.Pos, f.list.End
}
