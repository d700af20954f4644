package dosrc

import (
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/jsast"
	"golang.org/x/tools/go/analysis"
)

// The SQL rules look at each sql.exec call of a Durable Object class: its
// query either comes through a wrapper (a parameter the caller fills in),
// whose callers they check later, or is checked where it is. What they
// find at a class's calls follows from the class and its context, so it
// is found once per run and replayed for every project that reaches the
// class alike.

// ExecSite is what checking one exec call of a class found: the wrapper
// its query comes through, or the findings.
type ExecSite struct {
	Call    *jsast.Node
	Wrapper *Wrapper
	Diags   []analysis.Diagnostic
}

// ClassExecSites checks the exec calls of class c once per run for each
// view and context of c (see source.PerClassValue). A call whose query
// argument is a wrapper's parameter is recorded with the wrapper; any
// other is given to check, whose reports through the pass it gets are
// recorded with the call. skip leaves out the calls a rule does not
// check (nil: none).
func ClassExecSites(pass *analysis.Pass, res *source.Result, c *source.Class, skip func(call *jsast.Node) bool, check func(pass *analysis.Pass, call *jsast.Node)) []ExecSite {
	// A class whose module never says exec has no exec call: no need to
	// look for the class's kept sites.
	if !c.File.Mentions(execWord) {
		return nil
	}
	return source.PerClassValue(pass, c, res.ClassContext(c), func() []ExecSite {
		var out []ExecSite
		rec := *pass
		rec.Report = func(d analysis.Diagnostic) { out[len(out)-1].Diags = append(out[len(out)-1].Diags, d) }
		for call := range CallsNamed(c.File, c.Node, "exec") {
			if !SQLCall(c, call, "exec") || len(call.List) == 0 || skip != nil && skip(call) {
				continue
			}
			out = append(out, ExecSite{Call: call})
			if w := WrapperOf(c.File, call.List[0]); w != nil {
				out[len(out)-1].Wrapper = w
				continue
			}
			check(&rec, call)
		}
		return out
	})
}

// ReplayExecSites takes sites as if the calls were checked here: a call
// in seen is left out, the others are added to it; wrappers are added to
// wrappers by function, findings are reported through pass.
func ReplayExecSites(pass *analysis.Pass, sites []ExecSite, seen map[*jsast.Node]bool, wrappers map[*jsast.Node]*Wrapper) {
	for _, st := range sites {
		if seen[st.Call] {
			continue
		}
		seen[st.Call] = true
		if st.Wrapper != nil {
			wrappers[st.Wrapper.Func] = st.Wrapper
			continue
		}
		for _, d := range st.Diags {
			pass.Report(d)
		}
	}
}

var execWord = source.NewWord("exec")

type typedExecCalls struct{}

// TypedExecCalls lists, in source order, the exec calls of file whose
// receiver is SQL storage by its declared type (TypedSQL): the helpers
// outside the classes that the SQL rules check as well. They follow from
// the module alone, so they are found once per run.
func TypedExecCalls(file *source.File) []*jsast.Node {
	if !MayTypeSQL(file) {
		return nil
	}
	return source.PerModule(file, typedExecCalls{}, func() []*jsast.Node {
		var out []*jsast.Node
		for call := range CallsNamed(file, nil, "exec") {
			if recv, _ := file.AST.CalleeName(call); recv != nil && TypedSQL(file, recv) {
				out = append(out, call)
			}
		}
		return out
	})
}
