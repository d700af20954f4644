package facets_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/facets"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/internal/ruletest"
	"golang.org/x/tools/go/analysis"
)

// show reports each facet start and each Durable Object class that is a
// facet or reached as a namespace.
var show = &analysis.Analyzer{
	Name:     "show",
	Doc:      "report facets",
	Requires: []*analysis.Analyzer{facets.Analyzer, source.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		fr := pass.ResultOf[facets.Analyzer].(*facets.Result)
		res := pass.ResultOf[source.Analyzer].(*source.Result)
		for _, u := range fr.Uses {
			s := u.String()
			if s == "" {
				s = "?"
			}
			pass.Reportf(u.File.AST.Pos(u.Call.Start), "facet %s", s)
		}
		for _, c := range res.Classes {
			pos := c.File.AST.Pos(c.Node.Start)
			switch {
			case fr.Of(c):
				pass.Reportf(pos, "class %s is a facet", c.Name)
			case fr.Namespace(c.Name):
				pass.Reportf(pos, "class %s is reached as a namespace", c.Name)
			}
		}
		return nil, nil
	},
}

// Confirmed in workerd's source (api/actor-state.h, read through search):
// ctx.facets.get(name, getStartupOptions) calls the callback only when the
// facet is not running yet, and the callback returns (or resolves to)
// { class, id? }, where class is a DurableObjectClass or a loopback
// namespace, i.e. ctx.exports.X for an exported class whether or not it is
// bound (ctx.exports.X({ props }) gives a props-bearing class), or a
// Worker Loader's getDurableObjectClass(). The Agents SDK (its
// sub-agents capability) starts sub-agents with ctx.facets.get and
// ctx.exports[Cls.name], and notes that facet-only classes need no
// top-level binding. Observed in miniflare 4.20260426.0 (compatibility
// date 2026-04-26): for an exported class with neither binding nor
// migration, ctx.exports.Child is a LoopbackDurableObjectClass and, started
// as a facet, its ctx.storage.sql works; for a class bound KV-backed,
// ctx.exports.X is a LoopbackDurableObjectNamespace, its facet still runs
// SQL, and only the instances reached through the binding throw "SQL is
// not enabled for this Durable Object class. ...".
func TestFacets(t *testing.T) {
	ruletest.Run(t, "testdata", &rule.Rule{Analyzer: show}, "facets")
}
