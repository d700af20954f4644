package migrationhistory

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dolint-dev/dolint/analyzers/confighistory"
	"github.com/dolint-dev/dolint/migrations"
	"github.com/dolint-dev/dolint/wrangler"
	"github.com/dolint-dev/dolint/wrangler/edit"
	"golang.org/x/tools/go/analysis"
)

// A fix puts the committed step back as it was and carries the intended
// change in a new step at the end, under a fresh tag. It is offered only
// when a replay shows it right: a script deployed from the commit that held
// the old form, deploying the fixed list, must end with the same classes
// and backends as a fresh deploy of the fixed list, and those must be the
// classes today's edited list meant to have.

type fix struct {
	message string
	edits   []analysis.TextEdit
}

// span is a half-open byte range of a config's source.
type span struct{ start, end int }

// stepSpan is the text of a step: its object, or for a TOML [[table]] its
// header and the key lines under it, up to the last line that holds more
// than blanks and comments.
func stepSpan(cfg *wrangler.Config, m *wrangler.Migration) (span, bool) {
	if m == nil || !m.Pos.IsValid() {
		return span{}, false
	}
	start, end := cfg.File.Offset(m.Pos), cfg.File.Offset(m.End)
	src := cfg.Src
	if start >= len(src) || end > len(src) || start >= end {
		return span{}, false
	}
	if !bytes.HasPrefix(src[start:], []byte("[[")) {
		return span{start, end}, true
	}
	last := lineEnd(src, end)
	for ls := next(src, last); ls < len(src); ls = next(src, lineEnd(src, ls)) {
		line := bytes.TrimSpace(src[ls:lineEnd(src, ls)])
		if bytes.HasPrefix(line, []byte("[")) && !bytes.HasPrefix(line, []byte("[]")) && !isValueLine(line) {
			break
		}
		if len(line) > 0 && line[0] != '#' {
			last = lineEnd(src, ls)
		}
	}
	return span{start, last}, true
}

// isValueLine tells a continuation line of a multi-line array ("[1, 2],")
// from a table header: a header has no '=' and ends with ']' before any
// comment.
func isValueLine(line []byte) bool {
	if i := bytes.IndexByte(line, '#'); i >= 0 {
		line = bytes.TrimSpace(line[:i])
	}
	return !bytes.HasSuffix(line, []byte("]")) || bytes.ContainsRune(line, '=')
}

func lineEnd(src []byte, off int) int {
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		e := off + i
		if e > off && src[e-1] == '\r' {
			e--
		}
		return e
	}
	return len(src)
}

// next is the start of the line after the one ending at end.
func next(src []byte, end int) int {
	if i := bytes.IndexByte(src[end:], '\n'); i >= 0 {
		return end + i + 1
	}
	return len(src)
}

// sameShape reports whether the committed step's text can stand where
// today's does: the same syntax and the same kind of element (an object or
// inline table, or a [[table]]).
func sameShape(cur, old *wrangler.Config, cs, os span) bool {
	if (cur.Format == wrangler.TOML) != (old.Format == wrangler.TOML) {
		return false
	}
	return cur.Src[cs.start] == old.Src[os.start]
}

func listPath(env string) []string {
	if env == "" {
		return []string{"migrations"}
	}
	return []string{"env", env, "migrations"}
}

// usedTags are the tags of today's list and of every committed version of
// it, today's last so that NextTag follows today's scheme.
func usedTags(env string, cur *wrangler.Migrations, versions []*confighistory.Version) []string {
	var tags []string
	for _, v := range distinct(versions) {
		tags = append(tags, tagsOf(ownList(v.Config, env)).order...)
	}
	return append(tags, tagsOf(cur).order...)
}

// newStep is the step that carries an edit's intended change, or nil when
// some change cannot be expressed as a migration (a backend cannot
// change, a deletion cannot be undone with its data, transfers are
// two-sided).
func newStep(cs []change, intended *migrations.Result) (edit.Object, string) {
	var kv, sqlite, deleted []any
	var renames []any
	var what []string
	for _, c := range cs {
		switch c.kind {
		case added:
			if c.backend == migrations.KV {
				kv = append(kv, c.class)
			} else {
				sqlite = append(sqlite, c.class)
			}
			what = append(what, "creates "+c.class)
		case dropped, deleteAdded:
			deleted = append(deleted, c.class)
			what = append(what, "deletes "+c.class)
		case renamedInPlace, renameAdded:
			renames = append(renames, edit.Object{{Key: "from", Value: c.class}, {Key: "to", Value: c.to}})
			what = append(what, fmt.Sprintf("renames %s to %s", c.class, c.to))
		case renameRetargeted:
			renames = append(renames, edit.Object{{Key: "from", Value: c.class}, {Key: "to", Value: c.to}})
			what = append(what, fmt.Sprintf("renames %s to %s", c.class, c.to))
		case renameDropped:
			renames = append(renames, edit.Object{{Key: "from", Value: c.to}, {Key: "to", Value: c.class}})
			what = append(what, fmt.Sprintf("renames %s back to %s", c.to, c.class))
		case deleteDropped:
			// The objects are gone; creating the class again is what the
			// edited list means, with the backend it gives it.
			cl := intended.Lookup(c.class)
			if cl == nil || cl.Backend == migrations.Unknown {
				return nil, ""
			}
			if cl.Backend == migrations.KV {
				kv = append(kv, c.class)
			} else {
				sqlite = append(sqlite, c.class)
			}
			what = append(what, "creates "+c.class+" again")
		default:
			return nil, ""
		}
	}
	var o edit.Object
	// Keys in the order the API applies them within a step.
	if len(deleted) > 0 {
		o = append(o, edit.Member{Key: "deleted_classes", Value: edit.Array(deleted)})
	}
	if len(renames) > 0 {
		o = append(o, edit.Member{Key: "renamed_classes", Value: edit.Array(renames)})
	}
	if len(kv) > 0 {
		o = append(o, edit.Member{Key: "new_classes", Value: edit.Array(kv)})
	}
	if len(sqlite) > 0 {
		o = append(o, edit.Member{Key: "new_sqlite_classes", Value: edit.Array(sqlite)})
	}
	if len(o) == 0 {
		return nil, ""
	}
	return o, strings.Join(what, ", ")
}

// planFix builds the fix of one finding, or returns nil.
func planFix(cur *wrangler.Config, f *finding, versions []*confighistory.Version) *fix {
	doc, err := edit.Open(cur)
	if err != nil {
		return nil
	}
	var es []edit.Edit
	var msg string
	switch f.kind {
	case edited:
		if currentFormCommitted(f, versions) {
			// Both forms were committed; which one a script got depends
			// on when it was deployed, so no edit is right for all.
			return nil
		}
		cs, ok1 := stepSpan(cur, f.step)
		os, ok2 := stepSpan(f.oldCfg, f.old)
		if !ok1 || !ok2 || !sameShape(cur, f.oldCfg, cs, os) {
			return nil
		}
		intended := migrations.Replay(f.list.Steps)
		step, what := newStep(f.changes, intended)
		if step == nil {
			return nil
		}
		tag := migrations.NextTag(usedTags(f.env, f.list, versions))
		step = append(edit.Object{{Key: "tag", Value: tag}}, step...)
		app, err := doc.Append(listPath(f.env), []any{step})
		if err != nil {
			return nil
		}
		es = append([]edit.Edit{{Start: cs.start, End: cs.end, New: string(f.oldCfg.Src[os.start:os.end])}}, app...)
		msg = fmt.Sprintf("restore %q as committed and add step %q that %s", f.tag, tag, what)
	case removed:
		if f.retagged {
			if f.step.Tag == nil {
				return nil
			}
			t := f.step.Tag
			q, ok := quote(f.tag)
			if !ok {
				return nil
			}
			es = []edit.Edit{{Start: cur.File.Offset(t.Pos), End: cur.File.Offset(t.End), New: q}}
			msg = fmt.Sprintf("give the step back its committed tag %q", f.tag)
			break
		}
		os, ok := stepSpan(f.oldCfg, f.old)
		if !ok {
			return nil
		}
		text := string(f.oldCfg.Src[os.start:os.end])
		if f.next == "" {
			// It was the last committed step still listed: append a copy,
			// laid out as today's file lays out its steps.
			root, err := wrangler.ParseSyntax(f.oldCfg.Format, f.oldCfg.Src)
			if err != nil {
				return nil
			}
			od, err := edit.Open(f.oldCfg)
			if err != nil {
				return nil
			}
			n := stepNode(root, f.env, f.old.Index)
			if n == nil {
				return nil
			}
			app, err := doc.Append(listPath(f.env), []any{od.Copy(n)})
			if err != nil {
				return nil
			}
			es = app
		} else {
			nx := tagsOf(f.list).by[f.next]
			cs, ok := stepSpan(cur, nx)
			if !ok || !sameShape(cur, f.oldCfg, cs, os) {
				return nil
			}
			// Before the step that followed it, with that step's indent.
			ls := cs.start
			for ls > 0 && (cur.Src[ls-1] == ' ' || cur.Src[ls-1] == '\t') {
				ls--
			}
			indent := string(cur.Src[ls:cs.start])
			eol := "\n"
			if bytes.Contains(cur.Src, []byte("\r\n")) {
				eol = "\r\n"
			}
			sep := "," + eol + indent
			if cur.Src[cs.start] == '[' {
				sep = eol + eol + indent
			} else if ls == cs.start || (ls > 0 && cur.Src[ls-1] != '\n') {
				sep = ", " // a list on one line
			}
			es = []edit.Edit{{Start: cs.start, End: cs.start, New: text + sep}}
		}
		msg = fmt.Sprintf("restore the committed step %q", f.tag)
	default:
		return nil
	}
	if !replays(cur, f, doc.Apply(es), f.kind == edited) {
		return nil
	}
	return &fix{message: msg, edits: doc.TextEdits(es)}
}

// currentFormCommitted reports whether today's form of an edited step is
// one that some committed version held too.
func currentFormCommitted(f *finding, versions []*confighistory.Version) bool {
	now := formOf(f.step)
	for _, v := range distinct(versions) {
		if o := tagsOf(ownList(v.Config, f.env)).by[f.tag]; o != nil && formOf(o).equal(now) {
			return true
		}
	}
	return false
}

// stepNode finds migrations[index] of env's own list in a syntax tree.
func stepNode(root *wrangler.SyntaxNode, env string, index int) *wrangler.SyntaxNode {
	n := root
	for _, k := range listPath(env) {
		n = n.Get(k)
	}
	if n == nil || n.Kind != wrangler.SyntaxArray || index < 0 || index >= len(n.Elems) {
		return nil
	}
	return n.Elems[index]
}

// quote writes a tag as a string literal. Go's quoting is JSON's and
// TOML's for the printable ASCII that tags are made of; a tag with other
// characters gets no fix.
func quote(s string) (string, bool) {
	for _, r := range s {
		if r < 0x20 || r > 0x7e {
			return "", false
		}
	}
	return strconv.Quote(s), true
}

// replays checks a fix by replaying migrations. The file as fixed must
// not hit an impossible step that the file before it did not. And a script
// deployed from the commit that held the old form, deploying the fixed
// list, must reach the state a fresh deployment would, without an
// impossible step: this is judged on the fixed list with every step the
// commit had in its committed form, so that another finding's edit,
// which its own fix handles, does not decide this one. With intent set,
// the classes the change is about must end as today's list meant them.
func replays(cur *wrangler.Config, f *finding, fixedSrc []byte, intent bool) bool {
	fixed := wrangler.Parse(nil, cur.Path, fixedSrc)
	if slices.ContainsFunc(fixed.Problems, func(p wrangler.Problem) bool { return p.Area == wrangler.AreaSyntax }) {
		return false
	}
	fl := ownList(fixed, f.env)
	ol := ownList(f.oldCfg, f.env)
	if fl == nil || ol == nil {
		return false
	}
	intended := migrations.Replay(f.list.Steps)
	had := map[string]bool{}
	for _, x := range intended.Failures {
		had[x.Message] = true
	}
	for _, x := range migrations.Replay(fl.Steps).Failures {
		if !had[x.Message] {
			return false
		}
	}

	committed := tagsOf(ol)
	var hyp []*wrangler.Migration
	for _, st := range fl.Steps {
		if st.Tag != nil && committed.by[st.Tag.Value] != nil {
			st = committed.by[st.Tag.Value]
		}
		hyp = append(hyp, st)
	}
	again := migrations.Redeploy(ol.Steps, hyp)
	if len(again.Failures) > 0 || migrations.Difference(again, migrations.Replay(hyp), "", "") != "" {
		return false
	}
	if !intent {
		return true
	}
	for _, c := range f.changes {
		for _, name := range []string{c.class, c.to, c.from} {
			if name == "" {
				continue
			}
			a, b := again.Lookup(name), intended.Lookup(name)
			if (a == nil) != (b == nil) || a != nil && a.Backend != b.Backend {
				return false
			}
		}
	}
	return true
}
