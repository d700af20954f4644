package missingmigration

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dolint-dev/dolint/analyzers/history"
	"github.com/dolint-dev/dolint/migrations"
	"github.com/dolint-dev/dolint/wrangler"
	"github.com/dolint-dev/dolint/wrangler/edit"
	"golang.org/x/tools/go/analysis"
)

// The fix adds the missing classes to the lifecycle list a script uses. All
// findings whose scripts share one list get the same edit, listing every
// missing class of that list: the fix driver applies identical edits once,
// whereas two different insertions at one place would conflict and need a
// round each, ending in one step per class.

type fixEdit struct {
	message string
	edits   []analysis.TextEdit
}

// target is a list the fix edits: a migrations array or an exports map.
type target struct {
	path    []string
	exports bool
	tags    []string
	classes []string
	fix     *fixEdit
}

type findingKey struct {
	s *history.Script
	b *wrangler.Binding
}

type plan struct {
	by map[findingKey]*target
}

func (p *plan) of(s *history.Script, b *wrangler.Binding) *fixEdit {
	if t := p.by[findingKey{s, b}]; t != nil {
		return t.fix
	}
	return nil
}

func planFixes(hist *history.Result) *plan {
	p := &plan{by: map[findingKey]*target{}}
	cfg := hist.Config
	targets := map[string]*target{}
	var order []*target
	for _, s := range hist.Scripts {
		sec := s.Section
		if sec == nil || sec.DurableObjects == nil || s.Replay == nil {
			continue
		}
		for _, b := range sec.DurableObjects.Bindings {
			if !b.Local() || b.ClassName == nil || b.Name == nil || s.Replay.Lookup(b.ClassName.Value) != nil || wrangler.HasPlaceholder(b.ClassName.Value) {
				continue
			}
			if !fixable(s, b.ClassName.Value) {
				continue
			}
			t := targetOf(cfg, s)
			k := strings.Join(t.path, "\x00")
			if have := targets[k]; have != nil {
				t = have
			} else {
				targets[k] = t
				order = append(order, t)
			}
			if !slices.Contains(t.classes, b.ClassName.Value) {
				t.classes = append(t.classes, b.ClassName.Value)
			}
			p.by[findingKey{s, b}] = t
		}
	}
	if len(order) == 0 {
		return p
	}
	doc, err := edit.Open(cfg)
	if err != nil {
		return p
	}
	for _, t := range order {
		t.fix = t.build(doc)
	}
	return p
}

// fixable reports whether adding the class is the obvious repair. A class
// the migrations deleted or renamed away, or one that differs from a
// created class only in case, needs a decision instead; so does an exports
// key that already exists for something else (a tombstone, a worker).
func fixable(s *history.Script, class string) bool {
	sec := s.Section
	if s.FromExports {
		for _, e := range sec.Exports.Entries {
			if e.Class != nil && e.Class.Value == class {
				return false
			}
		}
		return true
	}
	return fateOf(sec.Migrations, class) == nil && similar(s, class) == ""
}

// targetOf returns the list a script's lifecycle comes from: the
// environment's own, or the top level's that it inherits.
func targetOf(cfg *wrangler.Config, s *history.Script) *target {
	var env *wrangler.Env
	if s.Env != "" {
		env = cfg.Env(s.Env)
	}
	if s.FromExports {
		if env != nil && env.Exports != nil {
			return &target{path: []string{"env", env.Name, "exports"}, exports: true}
		}
		return &target{path: []string{"exports"}, exports: true}
	}
	if env != nil && env.Migrations != nil {
		return &target{path: []string{"env", env.Name, "migrations"}, tags: tags(env.Migrations)}
	}
	return &target{path: []string{"migrations"}, tags: tags(cfg.Top.Migrations)}
}

func tags(ms *wrangler.Migrations) []string {
	if ms == nil {
		return nil
	}
	var out []string
	for _, st := range ms.Steps {
		if st.Tag != nil {
			out = append(out, st.Tag.Value)
		}
	}
	return out
}

func (t *target) build(doc *edit.Doc) *fixEdit {
	if t.exports {
		members := make([]edit.Member, len(t.classes))
		for i, c := range t.classes {
			members[i] = edit.Member{Key: c, Value: edit.Object{{Key: "type", Value: "durable-object"}, {Key: "storage", Value: "sqlite"}}}
		}
		es, err := doc.AddMembers(t.path, members)
		if err != nil {
			return nil
		}
		return &fixEdit{
			message: fmt.Sprintf("declare %s in exports as SQLite-backed Durable %s", list(t.classes), plural(len(t.classes), "Object", "Objects")),
			edits:   doc.TextEdits(es),
		}
	}
	tag := migrations.NextTag(t.tags)
	step := edit.Object{{Key: "tag", Value: tag}, {Key: "new_sqlite_classes", Value: strings2array(t.classes)}}
	es, err := doc.Append(t.path, []any{step}, edit.After("durable_objects"), edit.Like("durable_objects", "bindings"))
	if err != nil {
		return nil
	}
	return &fixEdit{
		message: fmt.Sprintf("add migration %q creating %s as SQLite-backed", tag, list(t.classes)),
		edits:   doc.TextEdits(es),
	}
}

func strings2array(ss []string) edit.Array {
	a := make(edit.Array, len(ss))
	for i, s := range ss {
		a[i] = s
	}
	return a
}

// list joins names in English: A, A and B, A, B and C.
func list(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
