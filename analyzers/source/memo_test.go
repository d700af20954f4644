package source_test

import (
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/jsast"
	"golang.org/x/tools/go/analysis"
)

// sharedClassProjects writes n projects that all bind class Room of one
// shared module, and returns them.
func sharedClassProjects(t *testing.T, n int) []*driver.Project {
	t.Helper()
	files := map[string]string{
		"lib/room.ts": `import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  a() { return this.ctx.storage.get("a"); }
  b() { return this.ctx.storage.get("b"); }
}
`,
		".git/HEAD": "ref: refs/heads/main\n",
	}
	for i := range n {
		name := string(rune('a' + i))
		files["apps/"+name+"/wrangler.jsonc"] = `{"name": "` + name + `", "main": "src/index.ts",
  "durable_objects": {"bindings": [{"name": "R", "class_name": "Room"}]},
  "migrations": [{"tag": "v1", "new_sqlite_classes": ["Room"]}]}`
		files["apps/"+name+"/src/index.ts"] = `export { Room } from "../../../lib/room";
export default { fetch() { return new Response("") } };
`
	}
	dir := writeTree(t, files)
	var projects []*driver.Project
	for i := range n {
		name := string(rune('a' + i))
		projects = append(projects, &driver.Project{Dir: filepath.Join(dir, "apps", name), Config: filepath.Join(dir, "apps", name, "wrangler.jsonc")})
	}
	return projects
}

// A class that every project sees alike is checked once per run, and its
// finding still reaches every project; a fact the rule names as its own
// input (here the project's config) makes a check per value.
func TestPerClassChecksOncePerView(t *testing.T) {
	const n = 4
	projects := sharedClassProjects(t, n)
	var same, perProject, computed, kept atomic.Int32
	probe := func(name string, extra func(*analysis.Pass) string, runs *atomic.Int32) *analysis.Analyzer {
		return &analysis.Analyzer{
			Name:     name,
			Doc:      "report each class once",
			Requires: []*analysis.Analyzer{source.Analyzer},
			Run: func(pass *analysis.Pass) (any, error) {
				res := pass.ResultOf[source.Analyzer].(*source.Result)
				for _, c := range res.Classes {
					source.PerClass(pass, c, extra(pass), func(pass *analysis.Pass) {
						runs.Add(1)
						f := c.File.AST
						pass.Report(analysis.Diagnostic{Pos: f.Pos(c.NameNode.Start), End: f.Pos(c.NameNode.End), Category: pass.Analyzer.Name, Message: "class " + c.Name})
					})
					v := source.PerClassValue(pass, c, "calls", func() int {
						computed.Add(1)
						count := 0
						for range c.Nodes(jsast.KindCall) {
							count++
						}
						return count
					})
					if v != 2 {
						t.Errorf("PerClassValue = %d, want 2 calls", v)
					}
					sel := 0
					for range c.File.Index.Select(c.Node, "gets", func(n *jsast.Node) bool {
						kept.Add(1)
						return true
					}, jsast.KindCall) {
						sel++
					}
					if sel != 2 {
						t.Errorf("Select yielded %d calls, want 2", sel)
					}
				}
				return nil, nil
			},
		}
	}
	analyzers := []*analysis.Analyzer{
		probe("sameview", func(*analysis.Pass) string { return "" }, &same),
		probe("perproject", func(p *analysis.Pass) string { return p.OtherFiles[0] }, &perProject),
	}
	res, err := driver.Run(projects, rule.SetOf(analyzers...), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := same.Load(); got != 1 {
		t.Errorf("a class all projects see alike was checked %d times, want once", got)
	}
	if got := perProject.Load(); got != n {
		t.Errorf("a check keyed by the project ran %d times, want %d", got, n)
	}
	// One value per analyzer; Select's keep sees each call of the file
	// once per key, whatever the number of projects and analyzers.
	if got := computed.Load(); got != 2 {
		t.Errorf("PerClassValue computed %d times, want 2 (once per analyzer)", got)
	}
	if got := kept.Load(); got != 2 {
		t.Errorf("Select's keep ran %d times, want 2 (once per call of the file)", got)
	}
	for _, rule := range []string{"sameview", "perproject"} {
		var found []driver.Diagnostic
		for _, d := range res.Diagnostics {
			if d.Rule == rule {
				found = append(found, d)
			}
		}
		if len(found) != 1 || len(found[0].Projects) != n {
			t.Errorf("%s: %d findings, want one for all %d projects", rule, len(found), n)
			continue
		}
	}
}
