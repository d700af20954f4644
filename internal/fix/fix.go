package fix

import (
	"bytes"
	"fmt"
	"go/token"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/lintconfig"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/jsast"
	"github.com/dolint-dev/dolint/wrangler"
	"golang.org/x/tools/go/analysis"
)

// Options say which fixes to apply.
type Options struct {
	Unsafe bool   // also apply fixes of rules whose fixes are unsafe
	Rule   string // only this rule's fixes, if set
	// Rounds bounds the lint-and-fix rounds; a fix can enable another
	// (adding a migration may reveal a rename to repair).
	Rounds int
	// Lint runs the rules over the projects with the overlay's contents.
	Lint func(overlay map[string][]byte) (*driver.Result, error)
	// Verify, when set, checks the applied fixes after the last round and
	// before anything is written: final is every changed file's new
	// contents, and it returns one verdict per candidate. Rejected fixes
	// are refused and the rounds run again without them. A safe fix that
	// is unverifiable counts as unsafe: without Unsafe it is held back.
	Verify func(final map[string][]byte, fixes []Candidate) ([]Verdict, error)
}

// Applied is one fix that was applied.
type Applied struct {
	Rule    string
	Message string // the fix's verb phrase
	File    string // where its finding was
	Line    int
	// Verdict is the verification's, when Options.Verify ran (for a
	// Rejected fix, when verification refused it).
	Verdict *Verdict

	offset int // of the finding in File, in the round's version
	check  rule.Verification
	id     string
	loose  string // the fix without positions: it survives other fixes' edits
	safety rule.FixSafety
}

// Rejected is a fix that was not applied, and why.
type Rejected struct {
	Applied
	Reason string
}

// Outcome is what a fix run did, before anything is written.
type Outcome struct {
	Changed  map[string][]byte // new contents by absolute path
	Original map[string][]byte
	Applied  []Applied
	Rejected []Rejected
	// HeldBack counts unsafe fixes not applied because --unsafe was not
	// given, unverifiable safe fixes included.
	HeldBack int
	// Unverified are the safe fixes held back because verification could
	// not check them; Reason says why.
	Unverified []Rejected
	// Final is the lint result after the last round.
	Final *driver.Result
}

// Run lints, applies eligible fixes in memory, and lints again, until no
// eligible fix remains or the rounds run out; then, with Options.Verify,
// checks the fixes and repeats without the rejected ones. Nothing is
// written.
func Run(opts Options) (*Outcome, error) {
	if opts.Rounds == 0 {
		opts.Rounds = 5
	}
	refused := map[string]bool{} // fixes that failed a check, by identity
	var rejected, unverified []Rejected
	for attempt := 0; ; attempt++ {
		out, cands, err := rounds(opts, refused)
		if err != nil {
			return nil, err
		}
		rejected = append(rejected, out.Rejected...)
		if opts.Verify == nil || len(cands) == 0 {
			out.Rejected, out.Unverified = rejected, unverified
			out.HeldBack += len(unverified)
			return out, nil
		}
		verdicts, err := opts.Verify(out.Changed, cands)
		if err != nil {
			return nil, err
		}
		if len(verdicts) != len(cands) {
			return nil, fmt.Errorf("verification returned %d verdicts for %d fixes", len(verdicts), len(cands))
		}
		again := false
		for i := range verdicts {
			v := verdicts[i]
			a := &out.Applied[i]
			switch {
			case v.Status == RejectedByCheck:
				// Verification judged the fix, not its offsets: a rerun
				// may find it again at other offsets after other fixes.
				refused[a.id], refused[a.loose] = true, true
				a.Verdict = &v
				rejected = append(rejected, Rejected{*a, "verification failed (" + v.Check + "): " + v.Reason})
				again = true
			case v.Status == Unverifiable && a.safety == rule.Safe && !opts.Unsafe:
				refused[a.id], refused[a.loose] = true, true
				a.Verdict = &v
				unverified = append(unverified, Rejected{*a, "not verifiable (" + v.Check + "): " + v.Reason})
				again = true
			default:
				a.Verdict = &v
			}
		}
		if !again || attempt > len(cands) {
			out.Rejected, out.Unverified = rejected, unverified
			out.HeldBack += len(unverified)
			return out, nil
		}
	}
}

// rounds is one fix run: rounds of linting and fixing until nothing
// eligible remains. It returns the applied fixes as verification
// candidates, in the order of Outcome.Applied.
func rounds(opts Options, refused map[string]bool) (*Outcome, []Candidate, error) {
	out := &Outcome{Changed: map[string][]byte{}, Original: map[string][]byte{}}
	overlay := map[string][]byte{}
	var cands []Candidate
	for round := 0; ; round++ {
		res, err := opts.Lint(overlay)
		if err != nil {
			return nil, nil, err
		}
		out.Final = res
		if round == opts.Rounds {
			break
		}
		out.HeldBack = 0
		edits := map[string][]Edit{} // accepted this round, by file
		var accepted []Applied
		var acceptedEdits []map[string][]Edit
		var acceptedProjects []*driver.Project
		for _, d := range res.Diagnostics {
			if len(d.SuggestedFixes) == 0 || (opts.Rule != "" && d.Rule != opts.Rule) {
				continue
			}
			safety, check := rule.NoFix, rule.Verification("")
			if r := res.Rules.Lookup(d.Rule); r != nil && r.Doc != nil {
				safety, check = r.Doc.Safety, r.Doc.Verify
			}
			switch {
			case safety == rule.Unsafe && !opts.Unsafe:
				out.HeldBack++
				continue
			case safety != rule.Safe && safety != rule.Unsafe:
				continue
			}
			sf := d.SuggestedFixes[0]
			pos := res.Position(d.Pos)
			id := fixID(res, d.Rule, sf)
			a := Applied{Rule: d.Rule, Message: sf.Message, File: pos.Filename, Line: pos.Line, offset: pos.Offset, id: id, loose: looseID(d.Rule, pos.Filename, sf), safety: safety, check: check}
			if refused[id] || refused[a.loose] {
				continue
			}
			fe, err := fileEdits(res, sf.TextEdits)
			if err != nil {
				out.Rejected = append(out.Rejected, Rejected{a, err.Error()})
				refused[id] = true
				continue
			}
			if f := outsideRepository(d.Project, fe); f != "" {
				out.Rejected = append(out.Rejected, Rejected{a, f})
				refused[id] = true
				continue
			}
			// The same edit reported by several projects, or by two
			// findings, is one fix: count and verify it once.
			if applied(edits, fe) {
				continue
			}
			if conflicts(edits, fe) {
				continue // another fix touches the same bytes; next round
			}
			// A fix must leave every file it touches parsable.
			if reason := breaksSyntax(res, edits, fe); reason != "" {
				out.Rejected = append(out.Rejected, Rejected{a, reason})
				refused[id] = true
				continue
			}
			for f, es := range fe {
				edits[f] = append(edits[f], es...)
			}
			accepted = append(accepted, a)
			acceptedEdits = append(acceptedEdits, fe)
			acceptedProjects = append(acceptedProjects, d.Project)
		}
		if len(accepted) == 0 {
			break
		}
		if opts.Verify != nil {
			for i, a := range accepted {
				without, err := leaveOut(res, overlay, acceptedEdits, i)
				if err != nil {
					return nil, nil, err
				}
				c := Candidate{Applied: a, Project: acceptedProjects[i], Check: a.check, Without: without}
				if data, ok := without[a.File]; ok {
					c.Line = lineAt(data, shifted(a.offset, othersIn(a.File, acceptedEdits, i)))
				}
				cands = append(cands, c)
			}
		}
		for f, es := range edits {
			src, err := res.Files.Read(f)
			if err != nil {
				return nil, nil, err
			}
			if _, ok := out.Original[f]; !ok {
				out.Original[f] = src
			}
			next, err := Apply(src, es)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %v", f, err)
			}
			overlay[f] = next
			out.Changed[f] = next
		}
		out.Applied = append(out.Applied, accepted...)
	}
	for f, data := range out.Changed {
		if string(data) == string(out.Original[f]) {
			delete(out.Changed, f)
		}
	}
	return out, cands, nil
}

// othersIn gathers the edits to file of every accepted fix but the
// skip-th.
func othersIn(file string, accepted []map[string][]Edit, skip int) []Edit {
	var es []Edit
	for i, fe := range accepted {
		if i != skip {
			es = append(es, fe[file]...)
		}
	}
	return es
}

// shifted maps an offset of a file to the same place once edits (which do
// not overlap) are applied: past the edits before it, or to the start of
// the edit that replaced it.
func shifted(off int, edits []Edit) int {
	delta, inside := 0, -1
	for _, e := range edits {
		switch {
		case e.End <= off:
			delta += len(e.New) - (e.End - e.Start)
		case e.Start < off:
			inside = e.Start
		}
	}
	if inside >= 0 {
		off = inside
	}
	return off + delta
}

// lineAt is the 1-based line of an offset of src.
func lineAt(src []byte, off int) int {
	if off > len(src) {
		off = len(src)
	}
	return 1 + bytes.Count(src[:max(off, 0)], []byte("\n"))
}

// outsideRepository says why a fix may not be applied when it would edit
// a file outside the repository that holds its project (a main, or a
// symbolic link, that points elsewhere): a fix run in one checkout never
// writes into another, or into a file it was never asked to lint. Outside
// a repository, the project's directory is the bound.
func outsideRepository(p *driver.Project, edits map[string][]Edit) string {
	if p == nil {
		return ""
	}
	root := lintconfig.GitRoot(p.Dir)
	if root == "" {
		root = p.Dir
	}
	if real, err := filepath.EvalSymlinks(root); err == nil {
		root = real
	}
	for f := range edits {
		real, err := filepath.EvalSymlinks(f)
		if err != nil {
			real = f
		}
		if !within(real, root) {
			return fmt.Sprintf("it would edit %s, which is outside %s; dolint fix edits only files inside the project's repository", real, root)
		}
	}
	return ""
}

// leaveOut is the overlay of a round with every accepted fix applied but
// the skip-th.
func leaveOut(res *driver.Result, overlay map[string][]byte, accepted []map[string][]Edit, skip int) (map[string][]byte, error) {
	without := make(map[string][]byte, len(overlay))
	for f, b := range overlay {
		without[f] = b
	}
	files := map[string][]Edit{}
	for i, fe := range accepted {
		for f, es := range fe {
			if _, ok := files[f]; !ok {
				files[f] = nil
			}
			if i != skip {
				files[f] = append(files[f], es...)
			}
		}
	}
	for f, es := range files {
		src, err := res.Files.Read(f)
		if err != nil {
			return nil, err
		}
		next, err := Apply(src, es)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", f, err)
		}
		without[f] = next
	}
	return without, nil
}

func fixID(res *driver.Result, ruleName string, sf analysis.SuggestedFix) string {
	var b strings.Builder
	b.WriteString(ruleName)
	for _, e := range sf.TextEdits {
		p := res.Fset.Position(e.Pos)
		fmt.Fprintf(&b, "|%s:%d:%d:%q", p.Filename, p.Offset, res.Fset.Position(e.End).Offset, e.NewText)
	}
	return b.String()
}

// looseID names a fix by rule, file and message only. A rerun after a
// rejection applies other fixes in other rounds, so the same fix can come
// back at other offsets and even with other text (a fix that moves code
// carries the edits of fixes inside that code). Two fixes of one rule with
// the same message in one file are refused together: the cautious side.
func looseID(ruleName, file string, sf analysis.SuggestedFix) string {
	return fmt.Sprintf("%s|%s|%q", ruleName, file, sf.Message)
}

func fileEdits(res *driver.Result, tes []analysis.TextEdit) (map[string][]Edit, error) {
	out := map[string][]Edit{}
	for _, te := range tes {
		p := res.Fset.Position(te.Pos)
		if !p.IsValid() {
			return nil, fmt.Errorf("fix has an edit without a position")
		}
		end := p.Offset
		if te.End.IsValid() {
			ep := res.Fset.Position(te.End)
			if ep.Filename != p.Filename {
				return nil, fmt.Errorf("fix has an edit spanning two files")
			}
			end = ep.Offset
		}
		out[p.Filename] = append(out[p.Filename], Edit{Start: p.Offset, End: end, New: te.NewText})
	}
	for f, es := range out {
		src, err := res.Files.Read(f)
		if err != nil {
			return nil, err
		}
		if _, err := Apply(src, es); err != nil {
			return nil, fmt.Errorf("fix is inconsistent: %v", err)
		}
	}
	return out, nil
}

// applied reports whether every edit of add is already among have.
func applied(have map[string][]Edit, add map[string][]Edit) bool {
	for f, es := range add {
		for _, e := range es {
			found := false
			for _, h := range have[f] {
				if e.same(h) {
					found = true
					break
				}
			}
			if !found {
				return false
			}
		}
	}
	return len(add) > 0
}

func conflicts(have map[string][]Edit, add map[string][]Edit) bool {
	for f, es := range add {
		for _, e := range es {
			for _, h := range have[f] {
				if !e.same(h) && (e.overlaps(h) || h.overlaps(e)) {
					return true
				}
			}
		}
	}
	return false
}

// breaksSyntax applies the accepted edits plus the new fix's edits and
// reports a file that parsed before but not after.
func breaksSyntax(res *driver.Result, have, add map[string][]Edit) string {
	for f, es := range add {
		src, err := res.Files.Read(f)
		if err != nil {
			return err.Error()
		}
		next, err := Apply(src, append(append([]Edit(nil), have[f]...), es...))
		if err != nil {
			return err.Error()
		}
		if before, after := SyntaxError(f, src), SyntaxError(f, next); before == "" && after != "" {
			return "the fixed file would not parse: " + after
		}
	}
	return ""
}

// SyntaxError parses a config or source file and returns its first syntax
// error as "line:col: message", or "".
func SyntaxError(path string, src []byte) string {
	base := filepath.Base(path)
	fset := token.NewFileSet()
	switch {
	case strings.HasSuffix(base, ".jsonc"), strings.HasSuffix(base, ".json"), strings.HasSuffix(base, ".toml"):
		tf := fset.AddFile(path, -1, len(src))
		tf.SetLinesForContent(src)
		for _, p := range wrangler.Parse(tf, path, src).Problems {
			if p.Area == wrangler.AreaSyntax {
				pos := fset.Position(p.Pos)
				return fmt.Sprintf("%d:%d: %s", pos.Line, pos.Column, p.Message)
			}
		}
	case isSource(base):
		f := jsast.ParseFile(fset, path, src)
		if len(f.Errors) > 0 {
			e := f.Errors[0]
			line, col := f.Position(e.Offset)
			return fmt.Sprintf("%d:%d: %s", line, col, e.Message)
		}
	}
	return ""
}

func isSource(name string) bool {
	switch filepath.Ext(name) {
	case ".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs":
		return true
	}
	return false
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
