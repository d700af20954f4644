package lsp

import (
	"fmt"
	"go/token"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/rule"
	"go.lsp.dev/protocol"
)

// lines maps byte offsets of one file's contents to LSP positions, whose
// characters count UTF-16 code units.
type lines struct {
	src    []byte
	starts []int
}

func newLines(src []byte) *lines {
	l := &lines{src: src, starts: []int{0}}
	for i, c := range src {
		if c == '\n' {
			l.starts = append(l.starts, i+1)
		}
	}
	return l
}

func (l *lines) position(off int) protocol.Position {
	if off > len(l.src) {
		off = len(l.src)
	}
	if off < 0 {
		off = 0
	}
	line := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off }) - 1
	return protocol.Position{Line: uint32(line), Character: uint32(driver.UTF16Column(l.src, l.starts[line], off) - 1)}
}

// offset is the byte offset of an LSP position, clamped to its line.
func (l *lines) offset(p protocol.Position) int {
	if int(p.Line) >= len(l.starts) {
		return len(l.src)
	}
	off := l.starts[p.Line]
	end := len(l.src)
	if int(p.Line)+1 < len(l.starts) {
		end = l.starts[p.Line+1] - 1
	}
	for units := uint32(0); off < end && units < p.Character; {
		r, size := utf8.DecodeRune(l.src[off:])
		if r >= 0x10000 {
			units += 2
		} else {
			units++
		}
		off += size
	}
	return off
}

// convert turns a run's findings into LSP diagnostics and code actions,
// by file.
func convert(res *driver.Result) map[string][]*finding {
	cache := map[string]*lines{}
	linesOf := func(name string) *lines {
		if l, ok := cache[name]; ok {
			return l
		}
		src, _ := res.Files.Read(name)
		l := newLines(src)
		cache[name] = l
		return l
	}
	at := func(pos token.Pos) (string, int) {
		p := res.Fset.Position(pos)
		return p.Filename, p.Offset
	}
	rangeOf := func(pos, end token.Pos) (string, protocol.Range, [2]int) {
		file, start := at(pos)
		stop := start
		if end.IsValid() {
			if f, e := at(end); f == file && e >= start {
				stop = e
			}
		}
		l := linesOf(file)
		return file, protocol.Range{Start: l.position(start), End: l.position(stop)}, [2]int{start, stop}
	}
	out := map[string][]*finding{}
	for _, d := range res.Diagnostics {
		if !d.Pos.IsValid() {
			continue
		}
		file, rng, _ := rangeOf(d.Pos, d.End)
		if file == "" {
			continue
		}
		var doc *rule.Doc
		if r := res.Rules.Lookup(d.Rule); r != nil {
			doc = r.Doc
		}
		ld := protocol.Diagnostic{
			Range:    rng,
			Severity: severity(d.Severity),
			Code:     d.Rule,
			Source:   "dolint",
			Message:  d.Message,
		}
		if doc != nil {
			ld.CodeDescription = &protocol.CodeDescription{Href: protocol.URI(doc.URL())}
		}
		for _, r := range d.Related {
			rf, rr, _ := rangeOf(r.Pos, r.End)
			if rf == "" {
				continue
			}
			ld.RelatedInformation = append(ld.RelatedInformation, protocol.DiagnosticRelatedInformation{
				Location: protocol.Location{URI: uriOf(rf), Range: rr},
				Message:  r.Message,
			})
		}
		f := &finding{diag: ld, rule: d.Rule, doc: doc}
		safety := rule.NoFix
		if doc != nil {
			safety = doc.Safety
		}
		for _, sf := range d.SuggestedFixes {
			fa := fixAction{title: sf.Message, safety: safety, edits: map[string][]protocol.TextEdit{}, spans: map[string][][2]int{}}
			ok := true
			for _, e := range sf.TextEdits {
				end := e.End
				if !end.IsValid() {
					end = e.Pos
				}
				ef, er, span := rangeOf(e.Pos, end)
				if ef == "" {
					ok = false
					break
				}
				fa.edits[ef] = append(fa.edits[ef], protocol.TextEdit{Range: er, NewText: string(e.NewText)})
				fa.spans[ef] = append(fa.spans[ef], span)
			}
			if ok && len(fa.edits) > 0 {
				f.fixes = append(f.fixes, fa)
			}
		}
		out[file] = append(out[file], f)
	}
	return out
}

func severity(s rule.Severity) protocol.DiagnosticSeverity {
	switch s {
	case rule.Info:
		return protocol.DiagnosticSeverityInformation
	case rule.Warning:
		return protocol.DiagnosticSeverityWarning
	}
	return protocol.DiagnosticSeverityError
}

func (fa *fixAction) workspaceEdit() *protocol.WorkspaceEdit {
	we := &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{}}
	for file, edits := range fa.edits {
		we.Changes[uriOf(file)] = append([]protocol.TextEdit(nil), edits...)
	}
	return we
}

// title says what a fix does, and for an unsafe one that it may change
// behaviour, since the editor applies it without `dolint fix --unsafe`'s
// warning.
func (fa *fixAction) label(ruleName string) string {
	t := fa.title
	if t == "" {
		t = "apply the fix"
	}
	t = strings.ToUpper(t[:1]) + t[1:]
	switch fa.safety {
	case rule.Unsafe:
		return fmt.Sprintf("%s (%s, unsafe: may change behaviour)", t, ruleName)
	case rule.DisplayOnly:
		return fmt.Sprintf("%s (%s, suggestion: review before keeping)", t, ruleName)
	}
	return fmt.Sprintf("%s (%s)", t, ruleName)
}

func intersects(a, b protocol.Range) bool {
	before := func(x, y protocol.Position) bool {
		return x.Line < y.Line || (x.Line == y.Line && x.Character < y.Character)
	}
	// Touching ranges count: a cursor at the end of a finding asks for it.
	return !before(a.End, b.Start) && !before(b.End, a.Start)
}

func (s *Server) findingsIn(path string) []*finding {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*finding
	for _, fs := range s.diags[path] {
		out = append(out, fs...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].diag.Range.Start, out[j].diag.Range.Start
		return a.Line < b.Line || (a.Line == b.Line && a.Character < b.Character)
	})
	return out
}

func (s *Server) codeActions(p protocol.CodeActionParams) []protocol.CodeAction {
	path, ok := pathOf(p.TextDocument.URI)
	if !ok {
		return nil
	}
	s.settle(path)
	want := func(kind protocol.CodeActionKind) bool {
		if len(p.Context.Only) == 0 {
			return true
		}
		for _, k := range p.Context.Only {
			if k == kind || strings.HasPrefix(string(kind), string(k)+".") {
				return true
			}
		}
		return false
	}
	actions := []protocol.CodeAction{}
	findings := s.findingsIn(path)
	if want(protocol.QuickFix) {
		for _, f := range findings {
			if !intersects(f.diag.Range, p.Range) {
				continue
			}
			for i := range f.fixes {
				fa := &f.fixes[i]
				actions = append(actions, protocol.CodeAction{
					Title:       fa.label(f.rule),
					Kind:        protocol.QuickFix,
					Diagnostics: []protocol.Diagnostic{f.diag},
					IsPreferred: fa.safety == rule.Safe && len(f.fixes) == 1,
					Edit:        fa.workspaceEdit(),
				})
			}
		}
	}
	if want(fixAllKind) {
		if we, n := fixAll(findings); n > 0 {
			actions = append(actions, protocol.CodeAction{
				Title: fmt.Sprintf("Fix all safe dolint findings in this file (%d)", n),
				Kind:  fixAllKind,
				Edit:  we,
			})
		}
	}
	return actions
}

// fixAll combines the safe fixes of a file's findings. A fix that touches
// bytes another already taken touches is left for a later round, as
// `dolint fix` does; the same edit offered by two findings is made once.
func fixAll(findings []*finding) (*protocol.WorkspaceEdit, int) {
	taken := map[string][][2]int{}
	seen := map[string]bool{}
	we := &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{}}
	n := 0
	for _, f := range findings {
		if len(f.fixes) == 0 || f.fixes[0].safety != rule.Safe {
			continue
		}
		fa := &f.fixes[0]
		key := fmt.Sprint(fa.spans, fa.edits)
		if seen[key] {
			n++
			continue
		}
		clash := false
		for file, spans := range fa.spans {
			for _, sp := range spans {
				for _, t := range taken[file] {
					if sp[0] < t[1] && t[0] < sp[1] || sp[0] == t[0] {
						clash = true
					}
				}
			}
		}
		if clash {
			continue
		}
		seen[key] = true
		for file, spans := range fa.spans {
			taken[file] = append(taken[file], spans...)
			u := uriOf(file)
			we.Changes[u] = append(we.Changes[u], fa.edits[file]...)
		}
		n++
	}
	return we, n
}

func (s *Server) hover(p protocol.HoverParams) *protocol.Hover {
	path, ok := pathOf(p.TextDocument.URI)
	if !ok {
		return nil
	}
	s.settle(path)
	at := protocol.Range{Start: p.Position, End: p.Position}
	var parts []string
	var rng *protocol.Range
	for _, f := range s.findingsIn(path) {
		if !intersects(f.diag.Range, at) {
			continue
		}
		if rng == nil {
			r := f.diag.Range
			rng = &r
		}
		parts = append(parts, explain(f))
	}
	if len(parts) == 0 {
		return nil
	}
	return &protocol.Hover{
		Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: strings.Join(parts, "\n\n---\n\n")},
		Range:    rng,
	}
}

// explain is a finding's message followed by its rule's documentation.
func explain(f *finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**dolint %s**: %s\n", f.rule, f.diag.Message)
	doc := f.doc
	if doc == nil {
		return b.String()
	}
	fmt.Fprintf(&b, "\n**%s** (%s, %s)\n", doc.Title, doc.Category, doc.Severity)
	if w := strings.TrimSpace(doc.What); w != "" {
		fmt.Fprintf(&b, "\n%s\n", w)
	}
	if w := strings.TrimSpace(doc.Why); w != "" {
		fmt.Fprintf(&b, "\n%s\n", w)
	}
	if w := strings.TrimSpace(doc.Fix); w != "" {
		fmt.Fprintf(&b, "\nFix (%s): %s\n", doc.Safety, w)
	}
	fmt.Fprintf(&b, "\n[Documentation](%s)\n", doc.URL())
	return b.String()
}
