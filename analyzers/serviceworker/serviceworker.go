// Package serviceworker reports a Worker in service-worker format that
// binds Durable Object classes of its own.
//
// This is a rule of its own rather than a case of unexportedclass because
// the cause, the place to fix and the fix differ. unexportedclass is about
// one binding whose class the entry module does not export, and its fix adds
// that export. Here the whole script is in the wrong format: the entry may
// export every class and still fail, because wrangler decides the format from
// the default export (and addEventListener), and adding named exports does
// not change it. One finding per script names every class it binds, as
// wrangler's own error does, and unexportedclass stays quiet for such a
// script, so that it never proposes an export that cannot help.
package serviceworker

import (
	"fmt"
	"go/token"
	"path/filepath"
	"strings"

	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/wrangler"
	"golang.org/x/tools/go/analysis"
)

// wranglerError is the first line of wrangler's error, verbatim.
const wranglerError = "You seem to be trying to use Durable Objects in a Worker written as a service-worker."

var doc = &rule.Doc{
	Name:  "serviceworker",
	Title: "service-worker script binds its own durable objects",
	What: `Reports a script whose entry module (main) is in service-worker format
while it has durable_objects bindings to classes of its own (no script_name,
or script_name equal to the Worker's own name). wrangler infers the format
from the entry module alone, with no setting to override it:

- no export of its own at all (` + "`export * from`" + ` does not count) means
  service worker;
- an ` + "`export default`" + ` means module Worker;
- named exports without a default export mean service worker when the module
  refers to the global addEventListener (addEventListener, self. or
  globalThis.addEventListener).

Named exports with neither a default export nor addEventListener are not
reported: wrangler releases since September 2026 build such an entry as a
module Worker, earlier ones (4.86 for one) as a service worker. An entry with
syntax errors is not judged.`,
	Why: `Only module Workers can implement Durable Objects: a service-worker script
has no module exports through which the runtime could find the class. wrangler
deploy, deploy --dry-run, versions upload and dev stop before bundling with
"` + wranglerError + `", with no_bundle too. A script
uploaded in that format with a new-class migration is rejected by the deploy
API with code 10070 ("Cannot apply new-class migration to class <X> that is
not exported by script").`,
	Bad: `-- wrangler.jsonc --
{
  "name": "counter",
  "main": "src/index.js",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }]
}
-- src/index.js --
export class Counter {
  constructor(state) {
    this.state = state;
  }
  async fetch() {
    return new Response("hello");
  }
}

addEventListener("fetch", (event) => {
  const stub = COUNTER.get(COUNTER.idFromName("global"));
  event.respondWith(stub.fetch(event.request));
});
`,
	Good: `-- wrangler.jsonc --
{
  "name": "counter",
  "main": "src/index.js",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }]
}
-- src/index.js --
import { DurableObject } from "cloudflare:workers";

export class Counter extends DurableObject {
  async fetch() {
    return new Response("hello");
  }
}

export default {
  async fetch(request, env) {
    return env.COUNTER.getByName("global").fetch(request);
  },
};
`,
	Safety:   rule.NoFix,
	Severity: rule.Error,
	Category: rule.Correctness,
	References: []string{
		"https://developers.cloudflare.com/workers/reference/migrate-to-module-workers/",
		"https://developers.cloudflare.com/durable-objects/get-started/",
	},
}

// Rule reports service-worker scripts with local Durable Object
// bindings.
var Rule = rule.New(doc, run, source.Analyzer)

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[source.Analyzer].(*source.Result)
	dir := filepath.Dir(pass.OtherFiles[0])
	seen := map[token.Pos]bool{}
	for _, s := range res.Scripts {
		local := LocalBindings(s)
		if len(local) == 0 || seen[local[0].Pos] {
			continue
		}
		format, listener := s.Format()
		if format != source.FormatServiceWorker {
			continue
		}
		seen[local[0].Pos] = true
		entry := s.Entry
		rel := entry.Path
		if r, err := filepath.Rel(dir, entry.Path); err == nil {
			rel = filepath.ToSlash(r)
		}
		var classes []string
		for _, b := range local {
			if b.ClassName != nil && b.ClassName.Value != "" {
				classes = append(classes, b.ClassName.Value)
			}
		}
		why := "it exports nothing of its own"
		if len(entry.Stars) > 0 {
			why = "it exports nothing of its own, and wrangler does not count export * when it infers the format"
		}
		if listener != nil {
			why = "it has no export default and registers its handlers with addEventListener"
			if hasExports(entry) {
				why = "it has named exports but no export default, and refers to addEventListener"
			}
		}
		what := "Durable Objects"
		if len(classes) > 0 {
			what = "Durable Object classes " + strings.Join(classes, ", ")
			if len(classes) == 1 {
				what = "Durable Object class " + classes[0]
			}
		}
		msg := fmt.Sprintf("%s is a service-worker script (%s), which cannot implement the %s bound here: wrangler deploy and dev fail with %q, and uploading it with a new-class migration fails with API code 10070. Rewrite the entry as an ES module (export default { fetch } and export the classes), or set script_name on the binding when the class belongs to another Worker",
			rel, why, what, wranglerError)
		var opts []rule.Option
		if listener != nil {
			opts = append(opts, rule.Related(entry.AST.Pos(listener.Start), entry.AST.Pos(listener.End), "service-worker event registration"))
		}
		if s.Main != nil {
			opts = append(opts, rule.Related(s.Main.Pos, s.Main.End, "the entry module"))
		}
		pos, end := local[0].Pos, local[0].End
		if cn := local[0].ClassName; cn != nil {
			pos, end = cn.Pos, cn.End
		}
		rule.Report(pass, pos, end, msg, opts...)
	}
	return nil, nil
}

// LocalBindings returns the durable_objects bindings of s that wrangler
// counts as the script's own: no script_name, or script_name equal to the
// Worker's name.
func LocalBindings(s *source.Script) []*wrangler.Binding {
	if s.Section.DurableObjects == nil {
		return nil
	}
	var out []*wrangler.Binding
	for _, b := range s.Section.DurableObjects.Bindings {
		if b.Local() || (s.Section.Name != nil && b.ScriptName.Value == s.Section.Name.Value) {
			out = append(out, b)
		}
	}
	return out
}

func hasExports(f *source.File) bool {
	for _, e := range f.Exports {
		if !e.TypeOnly {
			return true
		}
	}
	return false
}
