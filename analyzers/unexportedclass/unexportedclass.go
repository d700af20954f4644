// Package unexportedclass reports a local Durable Object binding whose
// class is not a named export of the Worker's entry module.
package unexportedclass

import (
	"fmt"
	"go/token"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/dolint-dev/dolint/analyzers/internal/dosrc"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/wrangler"
	"golang.org/x/tools/go/analysis"
)

// wranglerError is the first line of wrangler's error, verbatim up to the
// class list.
const wranglerError = "Your Worker depends on the following Durable Objects, which are not exported in your entrypoint file: "

// devCrash is what the runtime prints when the class is missing and
// nothing checked it before.
const devCrash = "Class extends value undefined is not a constructor or null"

var doc = &rule.Doc{
	Name:  "unexportedclass",
	Title: "bound durable object class not exported by name from main",
	What: `Reports a durable_objects binding without script_name whose class_name is
not a named export of the Worker's entry module (main). Exports are followed
the way the bundler follows them: export *, export { X as Y } from, chains of
re-exports through other modules and packages of the same repository.

` + "`export default X`" + ` does not count: the default export is the Worker's
handler (fetch, queue, scheduled), and wrangler looks the class up under its
own name. Guides that say "export default your Durable Object" are wrong.

When the entry module re-exports everything from a package that dolint does
not follow (export * from "some-package"), the class may come from there and
nothing is reported. Nor is a script in service-worker format, which fails
for that reason first (see serviceworker), nor a config that only a
@cloudflare/vitest-pool-workers run reads when the runner's configuration
names an entry module of its own (main: "./test/entry.ts"): the pool runs
that module, not main.`,
	Why: `wrangler deploy, deploy --dry-run and dev stop at the bundle step with
"` + wranglerError + `<X>." and nothing deploys. With no_bundle: true
wrangler skips that check, and wrangler dev then fails to start with "` + devCrash + `".`,
	Bad: `-- wrangler.jsonc --
{
  "name": "counter",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }]
}
-- src/index.ts --
import { Counter } from "./counter";
export default Counter;
-- src/counter.ts --
import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {}
`,
	Good: `-- wrangler.jsonc --
{
  "name": "counter",
  "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }]
}
-- src/index.ts --
export { Counter } from "./counter";
export default {
  async fetch(req: Request, env: Env) {
    return env.COUNTER.getByName("global").fetch(req);
  },
};
-- src/counter.ts --
import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {}
`,
	Fix: `Adds ` + "`export { X };`" + ` to the entry module when the class is a top-level
binding there (declared, imported or default-exported), or
` + "`export { X } from \"./module\";`" + ` when another module exports the class
under its name. No fix is offered when the class cannot be found or is only
exported under another name.`,
	Safety:   rule.Safe,
	Severity: rule.Error,
	Verify:   rule.VerifyDeploy,
	Category: rule.Correctness,
	References: []string{
		"https://developers.cloudflare.com/durable-objects/get-started/",
		"https://developers.cloudflare.com/workers/wrangler/configuration/#durable-objects",
	},
}

// Rule reports bound classes the entry module does not export by name.
var Rule = rule.New(doc, run, source.Analyzer)

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[source.Analyzer].(*source.Result)
	if h := res.Config.TestHarness; h != nil && runnerSetsMain(pass, h.By) {
		// Only a test runner reads this config, and it runs its own
		// entry module, not main: the exports of main do not matter.
		return nil, nil
	}
	dir := filepath.Dir(pass.OtherFiles[0])
	seen := map[token.Pos]bool{}
	fixed := map[string]bool{} // entry path + class: one fix per export to add
	for _, s := range res.Scripts {
		if s.Entry == nil || s.Section.DurableObjects == nil {
			continue // no main, or a missing one (see mainmissing)
		}
		if f, _ := s.Format(); f == source.FormatServiceWorker {
			// wrangler stops at the format before it looks at exports,
			// and a named export would not change the format: the
			// serviceworker rule reports this script.
			continue
		}
		for _, b := range s.Section.DurableObjects.Bindings {
			// A template's "<CLASS_NAME>" names the class the copied
			// project will have, not one it has now.
			if !b.Local() || b.ClassName == nil || b.ClassName.Value == "" || seen[b.ClassName.Pos] || wrangler.HasPlaceholder(b.ClassName.Value) {
				continue
			}
			seen[b.ClassName.Pos] = true
			c := &check{pass: pass, res: res, script: s, binding: b, dir: dir, fixed: fixed}
			c.run()
		}
	}
	return nil, nil
}

type check struct {
	pass    *analysis.Pass
	res     *source.Result
	script  *source.Script
	binding *wrangler.Binding
	dir     string
	fixed   map[string]bool
}

func (c *check) run() {
	name := c.binding.ClassName.Value
	entry := c.script.Entry
	sym, st := c.res.LookupExport(entry, name)
	switch {
	case st == source.Uncertain:
		return
	case st == source.Found && !sym.TypeOnly:
		return
	}
	entryRel := c.rel(entry.Path)
	msg := fmt.Sprintf("Durable Object class %s is not a named export of the entrypoint %s", name, entryRel)
	if c.script.NoBundle {
		msg += fmt.Sprintf(": with no_bundle wrangler skips its export check, and wrangler dev then fails to start with %q.", devCrash)
	} else {
		msg += fmt.Sprintf(", so wrangler deploy and dev fail with %q", wranglerError+name+".")
	}

	var opts []rule.Option
	decl := c.declaration(name)
	if decl != nil {
		if fc := decl.Factory; fc != nil {
			opts = append(opts, rule.Related(fc.File.AST.Pos(fc.Call.Start), fc.File.AST.Pos(fc.Call.End), "class %s is created by this call", name))
		} else {
			opts = append(opts, rule.Related(decl.File.AST.Pos(decl.NameNode.Start), decl.File.AST.Pos(decl.NameNode.End), "class %s is declared here", name))
		}
	}
	def, defSt := c.res.LookupExport(entry, "default")
	defaultIsClass := defSt == source.Found && def.Class != nil && def.Class.Name == name
	alias := c.exportedAs(name)
	switch {
	case st == source.Found && sym.TypeOnly:
		msg += fmt.Sprintf(" It is exported only as a type, which the bundle drops; export the class itself: export { %s }", name)
	case defaultIsClass:
		msg += fmt.Sprintf(" A default export does not count: the default export is the Worker's handler, and wrangler looks the class up by its own name; add export { %s }", name)
		if len(def.Via) > 0 && def.Via[0].Node != decl.Node {
			e := def.Via[0]
			opts = append(opts, rule.Related(entry.AST.Pos(e.Node.Start), entry.AST.Pos(e.Node.End), "the default export"))
		}
	case alias != "":
		msg += fmt.Sprintf(" It is exported as %s; class_name must be the exported name, so set class_name to %q or export the class as %s", alias, alias, name)
	case decl == nil:
		msg += fmt.Sprintf(" No class %s is declared in the Worker's modules: check class_name, or export the class from %s", name, entryRel)
	case home(decl) == entry && decl.Factory != nil:
		msg += fmt.Sprintf(" Export it: export { %s }", name)
	case home(decl) == entry:
		msg += fmt.Sprintf(" Export it: export class %s", name)
	default:
		msg += fmt.Sprintf(" Re-export it from the entrypoint: export { %s } from %q", name, c.specifier(home(decl)))
	}
	if st != source.Found && alias == "" {
		opts = append(opts, c.fix(name, decl)...)
	}
	rule.Report(c.pass, c.binding.ClassName.Pos, c.binding.ClassName.End, msg, opts...)
}

// declaration finds the class the binding means: a Durable Object of that
// name first, else any top-level class of that name.
func (c *check) declaration(name string) *source.Class {
	classes := c.res.ClassesNamed(name)
	for _, cl := range classes {
		if cl.ExtendsDO == source.Yes {
			return cl
		}
	}
	if len(classes) > 0 {
		return classes[0]
	}
	return nil
}

// exportedAs returns another name under which the entry exports a class
// named name, or "".
func (c *check) exportedAs(name string) string {
	for _, n := range c.res.ExportNames(c.script.Entry) {
		if n == name || n == "default" {
			continue
		}
		sym, st := c.res.LookupExport(c.script.Entry, n)
		if st == source.Found && sym.Class != nil && sym.Class.Name == name && !sym.TypeOnly {
			return n
		}
	}
	return ""
}

// fix adds the missing named export to the end of the entry module.
func (c *check) fix(name string, decl *source.Class) []rule.Option {
	entry := c.script.Entry
	key := entry.Path + "\x00" + name
	if c.fixed[key] || entry.AST == nil || len(entry.AST.Errors) > 0 {
		return nil
	}
	var stmt string
	if l := entry.Local(name); l != nil && l.Kind != source.LocalType && (l.Import == nil || !l.Import.TypeOnly) {
		stmt = fmt.Sprintf("export { %s };", name)
	} else if decl != nil && home(decl) != entry && home(decl).AST != nil {
		// Only when the class's module exports it under that name, so the
		// new statement resolves.
		sym, st := c.res.LookupExport(home(decl), name)
		if st != source.Found || sym.Class != decl || sym.TypeOnly {
			return nil
		}
		stmt = fmt.Sprintf("export { %s } from %q;", name, c.specifier(home(decl)))
	} else {
		return nil
	}
	c.fixed[key] = true
	src := entry.AST.Src
	nl := dosrc.Newline(src)
	text := stmt + nl
	if len(src) > 0 && src[len(src)-1] != '\n' {
		text = nl + text
	}
	end := entry.AST.Pos(int32(len(src)))
	return []rule.Option{rule.Fix(fmt.Sprintf("export %s from %s", name, c.rel(entry.Path)),
		analysis.TextEdit{Pos: end, End: end, NewText: []byte(text)})}
}

// specifier spells the import path of f from the entry module: the
// specifier the entry already uses for f, else a package or alias
// specifier another module uses (valid across the repository), else a
// relative path without extension, as the bundler and TypeScript resolve.
func (c *check) specifier(f *source.File) string {
	entry := c.script.Entry
	for _, d := range entry.Deps {
		if d.File == f {
			return d.Spec
		}
	}
	for _, g := range c.res.Files {
		for _, d := range g.Deps {
			if d.File == f && !strings.HasPrefix(d.Spec, ".") && !strings.HasPrefix(d.Spec, "/") {
				return d.Spec
			}
		}
	}
	rel, err := filepath.Rel(filepath.Dir(entry.Path), f.Path)
	if err != nil {
		return f.Path
	}
	rel = filepath.ToSlash(rel)
	rel = strings.TrimSuffix(rel, filepath.Ext(rel))
	if !strings.HasPrefix(rel, "../") {
		rel = "./" + rel
	}
	return rel
}

func (c *check) rel(p string) string {
	if r, err := filepath.Rel(c.dir, p); err == nil {
		return filepath.ToSlash(r)
	}
	return p
}

// home is the module that binds the class's name: the module of the
// constant for a class a factory made, else the class's own.
func home(c *source.Class) *source.File {
	if c.Factory != nil {
		return c.Factory.File
	}
	return c.File
}

// mainOption is a main: "..." option in a test-runner configuration, the
// entry module @cloudflare/vitest-pool-workers runs instead of the
// config's main.
var mainOption = regexp.MustCompile(`(?m)(^|[\s,{])main\s*:\s*["'\x60]`)

// runnerSetsMain reports whether the test-runner configuration file names
// an entry module of its own.
func runnerSetsMain(pass *analysis.Pass, runner string) bool {
	src, err := pass.ReadFile(runner)
	return err == nil && mainOption.Match(src)
}
