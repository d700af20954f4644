// Package duplicatebinding reports a binding name that two Durable Object
// bindings of one script share.
package duplicatebinding

import (
	"fmt"

	"github.com/dolint-dev/dolint/analyzers/workerconfig"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/wrangler"
	"golang.org/x/tools/go/analysis"
)

var doc = &rule.Doc{
	Name:  "duplicatebinding",
	Title: "binding name declared twice",
	What: `Reports a Durable Object binding whose name an earlier binding of the same
script already uses. The top level and each environment are checked on their
own, since each deploys as its own script with its own bindings.`,
	Why: `A binding name is the property the Worker reads on env, so it can hold only
one namespace. wrangler rejects the config with "<NAME> assigned to multiple
Durable Object bindings." followed by "Bindings must have unique names, so
that they can all be referenced in the worker.", and nothing deploys.`,
	Bad: `-- wrangler.jsonc --
{
  "name": "chat",
  "main": "src/index.ts",
  "durable_objects": {
    "bindings": [
      { "name": "ROOM", "class_name": "ChatRoom" },
      { "name": "ROOM", "class_name": "Presence" }
    ]
  },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["ChatRoom", "Presence"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class ChatRoom extends DurableObject {}
export class Presence extends DurableObject {}
export default { fetch: () => new Response("ok") };
`,
	Good: `-- wrangler.jsonc --
{
  "name": "chat",
  "main": "src/index.ts",
  "durable_objects": {
    "bindings": [
      { "name": "ROOM", "class_name": "ChatRoom" },
      { "name": "PRESENCE", "class_name": "Presence" }
    ]
  },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["ChatRoom", "Presence"] }]
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class ChatRoom extends DurableObject {}
export class Presence extends DurableObject {}
export default { fetch: () => new Response("ok") };
`,
	Safety:   rule.NoFix,
	Severity: rule.Error,
	Category: rule.Correctness,
	References: []string{
		"https://developers.cloudflare.com/workers/wrangler/configuration/#durable-objects",
		"https://developers.cloudflare.com/durable-objects/get-started/",
	},
}

// Rule reports duplicate Durable Object binding names.
var Rule = rule.New(doc, run, workerconfig.Analyzer)

func run(pass *analysis.Pass) (any, error) {
	cfg := pass.ResultOf[workerconfig.Analyzer].(*wrangler.Config)
	check(pass, "", &cfg.Top)
	for _, e := range cfg.Envs {
		check(pass, e.Name, &e.Section)
	}
	return nil, nil
}

// check looks at one section's own bindings: durable_objects is not
// inherited, so an environment's bindings never mix with the top level's.
func check(pass *analysis.Pass, env string, sec *wrangler.Section) {
	if sec.DurableObjects == nil {
		return
	}
	first := map[string]*wrangler.Binding{}
	for _, b := range sec.DurableObjects.Bindings {
		if b.Name == nil {
			continue
		}
		f, dup := first[b.Name.Value]
		if !dup {
			first[b.Name.Value] = b
			continue
		}
		where := ""
		if env != "" {
			where = fmt.Sprintf(" in env.%s", env)
		}
		n := b.Name.Value
		rule.Report(pass, b.Name.Pos, b.Name.End,
			fmt.Sprintf("binding %s%s is already declared by durable_objects.bindings[%d] (class %s): env.%s can hold only one namespace, and wrangler rejects the config with %q; give this binding another name",
				n, where, f.Index, className(f), n, n+" assigned to multiple Durable Object bindings."),
			rule.Related(f.Name.Pos, f.Name.End, "%s first declared here", n))
	}
}

func className(b *wrangler.Binding) string {
	if b.ClassName == nil {
		return "?"
	}
	return b.ClassName.Value
}
