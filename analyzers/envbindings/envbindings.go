// Package envbindings reports environments that lack the top level's
// Durable Object bindings, which environments do not inherit.
package envbindings

import (
	"fmt"
	"go/token"
	"strings"

	"github.com/dolint-dev/dolint/analyzers/workerconfig"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/wrangler"
	"github.com/dolint-dev/dolint/wrangler/edit"
	"golang.org/x/tools/go/analysis"
)

var doc = &rule.Doc{
	Name:  "envbindings",
	Title: "environment lacks top-level durable object bindings",
	What: `Reports an environment (env.<name>) that has no durable_objects while the
top level has Durable Object bindings, or whose durable_objects leaves out
some of the top-level binding names. The finding lists the missing names.`,
	Why: `durable_objects is not inherited by environments: wrangler gives such an
environment an empty binding list and only warns. The environment deploys as
its own script, where env.<NAME> is undefined, so every use of it fails at
run time: a direct call such as env.<NAME>.idFromName(...) throws a
TypeError, and a router that looks namespaces up in env finds none.`,
	Bad: `-- wrangler.jsonc --
{
  "name": "counter",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }],
  "env": {
    "staging": { "vars": { "STAGE": "staging" } }
  }
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
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }],
  "env": {
    "staging": {
      "vars": { "STAGE": "staging" },
      "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] }
    }
  }
}
-- src/index.ts --
import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {}
export default { fetch: () => new Response("ok") };
`,
	Fix: `Copies the missing top-level bindings, values as written, into the
environment: appended to its durable_objects.bindings, or as a new
durable_objects key shaped like the top-level one (in TOML, new
[[env.<name>.durable_objects.bindings]] tables when the top level uses
arrays of tables). The file keeps its formatting.`,
	Safety:   rule.Safe,
	Severity: rule.Error,
	Verify:   rule.VerifyDeploy,
	Category: rule.Correctness,
	References: []string{
		"https://developers.cloudflare.com/workers/wrangler/environments/",
		"https://developers.cloudflare.com/workers/wrangler/configuration/#non-inheritable-keys",
		"https://developers.cloudflare.com/durable-objects/reference/environments/",
	},
}

// Rule reports environments missing top-level Durable Object bindings.
var Rule = rule.New(doc, run, workerconfig.Analyzer)

func run(pass *analysis.Pass) (any, error) {
	cfg := pass.ResultOf[workerconfig.Analyzer].(*wrangler.Config)
	top := cfg.Top.DurableObjects
	if top == nil || len(top.Bindings) == 0 {
		// With no top-level binding there is nothing an environment could
		// miss, even if wrangler still warns about an absent key.
		return nil, nil
	}
	var doc *edit.Doc // opened on the first finding
	for _, e := range cfg.Envs {
		own := e.DurableObjects
		have := map[string]bool{}
		if own != nil {
			for _, b := range own.Bindings {
				if b.Name != nil {
					have[b.Name.Value] = true
				}
			}
		}
		var missing []*wrangler.Binding
		seen := map[string]bool{}
		for _, b := range top.Bindings {
			if b.Name == nil || have[b.Name.Value] || seen[b.Name.Value] {
				continue
			}
			seen[b.Name.Value] = true
			missing = append(missing, b)
		}
		if len(missing) == 0 {
			continue
		}
		names := make([]string, len(missing))
		for i, b := range missing {
			names[i] = b.Name.Value
		}
		list := strings.Join(names, ", ")
		script := scriptName(cfg, e)
		var opts []rule.Option
		for _, b := range missing {
			opts = append(opts, rule.Related(b.Name.Pos, b.Name.End, "top-level binding %s", b.Name.Value))
		}
		if edits := copyBindings(cfg, &doc, e, missing); edits != nil {
			opts = append(opts, rule.Fix(fmt.Sprintf("copy the top-level %s %s into env.%s",
				plural(len(names), "binding", "bindings"), englishList(names), e.Name), edits...))
		}
		if own == nil {
			rule.Report(pass, e.NamePos, token.NoPos,
				fmt.Sprintf("env.%s has no durable_objects, and environments do not inherit it: in script %s, env.%s %s undefined, so every use of %s fails at run time; add %s to env.%s.durable_objects.bindings (wrangler only warns: \"durable_objects\" exists at the top level, but not on \"env.%s\")",
					e.Name, script, strings.Join(names, ", env."), isAre(len(names)), plural(len(names), "it", "them"), list, e.Name, e.Name),
				opts...)
			continue
		}
		rule.Report(pass, own.Pos, token.NoPos,
			fmt.Sprintf("env.%s.durable_objects lacks the top-level %s %s, which environments do not inherit: in script %s, env.%s %s undefined, so every use of %s fails at run time; add %s to env.%s.durable_objects.bindings",
				e.Name, plural(len(names), "binding", "bindings"), list, script, strings.Join(names, ", env."), isAre(len(names)), plural(len(names), "it", "them"), plural(len(names), "it", "them"), e.Name),
			opts...)
	}
	return nil, nil
}

// scriptName is the Worker an environment deploys as: its own name if it
// sets one, otherwise <name>-<env>.
func scriptName(cfg *wrangler.Config, e *wrangler.Env) string {
	if n := cfg.Effective(e.Name).Name; n != nil {
		return fmt.Sprintf("%q", n.Value)
	}
	return fmt.Sprintf("<name>-%s", e.Name)
}

func isAre(n int) string { return plural(n, "is", "are") }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// copyBindings returns the edits that append copies of the missing
// top-level bindings to env e, or nil when the file's shape leaves no
// obvious place for them.
func copyBindings(cfg *wrangler.Config, doc **edit.Doc, e *wrangler.Env, missing []*wrangler.Binding) []analysis.TextEdit {
	if *doc == nil {
		d, err := edit.Open(cfg)
		if err != nil {
			return nil
		}
		*doc = d
	}
	d := *doc
	top := d.Node("durable_objects", "bindings")
	if top == nil {
		return nil
	}
	elems := make([]any, 0, len(missing))
	for _, b := range missing {
		if b.Index < 0 || b.Index >= len(top.Elems) {
			return nil
		}
		n := top.Elems[b.Index]
		if name := n.Get("name"); name == nil || name.Str != b.Name.Value {
			return nil // the model and the syntax disagree; do not guess
		}
		elems = append(elems, d.Copy(n))
	}
	es, err := d.Append([]string{"env", e.Name, "durable_objects", "bindings"}, elems, edit.Like("durable_objects", "bindings"))
	if err != nil {
		return nil
	}
	return d.TextEdits(es)
}

// englishList joins names as A, A and B, A, B and C.
func englishList(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
