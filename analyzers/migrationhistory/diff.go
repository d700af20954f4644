package migrationhistory

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/dolint-dev/dolint/analyzers/confighistory"
	"github.com/dolint-dev/dolint/migrations"
	"github.com/dolint-dev/dolint/wrangler"
)

// The diff compares each migrations list of today's config (the top
// level's, and each environment's own) with the same list in every
// committed version, newest first, and keeps for each problem the newest
// commit that shows it: the last one that held the old form.

// kind is what happened to a committed step.
type kind int

const (
	edited   kind = iota // same tag, different operations
	removed              // the tag is gone
	moved                // committed steps in another order
	inserted             // a new step before a committed one
)

// finding is one departure from the committed history.
type finding struct {
	kind   kind
	env    string // "" for the top level
	list   *wrangler.Migrations
	tag    string
	step   *wrangler.Migration // today's step (edited, moved, inserted); for removed, the retagged step or nil
	old    *wrangler.Migration // the committed step (edited, removed)
	oldCfg *wrangler.Config
	commit confighistory.Version

	changes []change // edited

	// removed: the committed tags just before and after it, as far as
	// today's list still has them ("" when none).
	prev, next string
	retagged   bool // removed: step is today's step with the same operations under a new tag

	// moved: other is the committed tag that step now precedes, though it
	// came before it. inserted: other is the committed tag step now
	// precedes.
	other string
}

// form is what a step does, independent of formatting and of the order of
// names within one key (which the API does not depend on).
type form struct {
	kv, sqlite, deleted []string
	renames             []rename
	transfers           []transfer
}

type rename struct{ from, to string }

type transfer struct{ from, fromScript, to string }

func formOf(m *wrangler.Migration) form {
	f := form{
		kv:      sorted(m.NewClasses.Values()),
		sqlite:  sorted(m.NewSqliteClasses.Values()),
		deleted: sorted(m.DeletedClasses.Values()),
	}
	for _, r := range m.RenamedClasses {
		if r != nil && r.From != nil && r.To != nil {
			f.renames = append(f.renames, rename{r.From.Value, r.To.Value})
		}
	}
	slices.SortFunc(f.renames, func(a, b rename) int { return cmp.Or(cmp.Compare(a.from, b.from), cmp.Compare(a.to, b.to)) })
	for _, t := range m.TransferredClasses {
		if t == nil {
			continue
		}
		f.transfers = append(f.transfers, transfer{str(t.From), str(t.FromScript), str(t.To)})
	}
	slices.SortFunc(f.transfers, func(a, b transfer) int {
		return cmp.Or(cmp.Compare(a.from, b.from), cmp.Compare(a.fromScript, b.fromScript), cmp.Compare(a.to, b.to))
	})
	return f
}

func str(s *wrangler.String) string {
	if s == nil {
		return ""
	}
	return s.Value
}

func sorted(ss []string) []string {
	slices.Sort(ss)
	return slices.Compact(ss)
}

func (f form) equal(g form) bool {
	return slices.Equal(f.kv, g.kv) && slices.Equal(f.sqlite, g.sqlite) && slices.Equal(f.deleted, g.deleted) &&
		slices.Equal(f.renames, g.renames) && slices.Equal(f.transfers, g.transfers)
}

// tagged is a list's tagged steps: the tags in order and the step of
// each, the first one when a tag repeats (deploy matches the first).
type tagged struct {
	order []string
	by    map[string]*wrangler.Migration
}

func tagsOf(ms *wrangler.Migrations) tagged {
	t := tagged{by: map[string]*wrangler.Migration{}}
	if ms == nil {
		return t
	}
	for _, st := range ms.Steps {
		if st == nil || st.Tag == nil || st.Tag.Value == "" || t.by[st.Tag.Value] != nil {
			continue
		}
		t.order = append(t.order, st.Tag.Value)
		t.by[st.Tag.Value] = st
	}
	return t
}

// ownList is the migrations list written in the env's own section (the
// top level for ""), or nil.
func ownList(cfg *wrangler.Config, env string) *wrangler.Migrations {
	if env == "" {
		return cfg.Top.Migrations
	}
	if e := cfg.Env(env); e != nil {
		return e.Migrations
	}
	return nil
}

// usesExports reports whether the section declares its lifecycle with
// exports, whose scripts the API no longer migrates by tag.
func usesExports(sec *wrangler.Section) bool {
	if sec == nil || sec.Exports == nil {
		return false
	}
	for _, x := range sec.Exports.Entries {
		if x.Type != nil && x.Type.Value == "durable-object" {
			return true
		}
	}
	return false
}

// diff compares today's config with its committed versions.
func diff(cur *wrangler.Config, versions []*confighistory.Version) []*finding {
	var out []*finding
	scopes := []string{""}
	for _, e := range cur.Envs {
		scopes = append(scopes, e.Name)
	}
	for _, env := range scopes {
		ms := ownList(cur, env)
		if ms == nil || usesExports(cur.Effective(env)) {
			// A list that is not written here is inherited, and a
			// section on exports has left migrations behind.
			continue
		}
		out = append(out, diffList(cur, env, ms, versions)...)
	}
	return out
}

func diffList(cfg *wrangler.Config, env string, ms *wrangler.Migrations, versions []*confighistory.Version) []*finding {
	cur := tagsOf(ms)
	var out []*finding
	seen := map[[2]string]bool{} // kind name + tag: one finding each
	once := func(k, tag string) bool {
		key := [2]string{k, tag}
		if seen[key] {
			return false
		}
		seen[key] = true
		return true
	}
	curForm := map[string]form{}
	for _, tag := range cur.order {
		curForm[tag] = formOf(cur.by[tag])
	}
	// An older version whose list is the same as a newer one's adds
	// nothing: every finding it would give names the newer commit
	// already. Most commits of a config touch other keys.
	seenLists := map[string]bool{}
	seenConfigs := map[*wrangler.Config]bool{}
	for _, v := range versions {
		if seenConfigs[v.Config] {
			continue // a version that shares a newer one's parse
		}
		seenConfigs[v.Config] = true
		oms := ownList(v.Config, env)
		if oms == nil || !sameScript(cfg, v.Config, env) {
			continue
		}
		old := tagsOf(oms)
		oldForm := map[string]form{}
		var sig strings.Builder
		for _, tag := range old.order {
			f := formOf(old.by[tag])
			oldForm[tag] = f
			fmt.Fprintf(&sig, "%q%v;", tag, f)
		}
		if seenLists[sig.String()] {
			continue
		}
		seenLists[sig.String()] = true

		for _, tag := range cur.order {
			o := old.by[tag]
			if o == nil {
				continue
			}
			was, now := oldForm[tag], curForm[tag]
			if !was.equal(now) && once("edited", tag) {
				cs := unrename(changes(was, now), tag, curForm)
				out = append(out, &finding{kind: edited, env: env, list: ms, tag: tag, step: cur.by[tag], old: o, oldCfg: v.Config, commit: *v, changes: cs})
			}
		}

		for i, tag := range old.order {
			if cur.by[tag] != nil || !once("removed", tag) {
				continue
			}
			f := &finding{kind: removed, env: env, list: ms, tag: tag, old: old.by[tag], oldCfg: v.Config, commit: *v}
			for j := i - 1; j >= 0 && f.prev == ""; j-- {
				if cur.by[old.order[j]] != nil {
					f.prev = old.order[j]
				}
			}
			for j := i + 1; j < len(old.order) && f.next == ""; j++ {
				if cur.by[old.order[j]] != nil {
					f.next = old.order[j]
				}
			}
			// The same operations under a tag no version had: retagged.
			was := formOf(f.old)
			for _, t := range cur.order {
				if !inAny(versions, env, t) && formOf(cur.by[t]).equal(was) {
					f.step, f.retagged = cur.by[t], true
					break
				}
			}
			out = append(out, f)
		}

		var curCommon, oldCommon []string
		for _, t := range cur.order {
			if old.by[t] != nil {
				curCommon = append(curCommon, t)
			}
		}
		for _, t := range old.order {
			if cur.by[t] != nil {
				oldCommon = append(oldCommon, t)
			}
		}
		for i := range curCommon {
			if curCommon[i] != oldCommon[i] {
				if once("moved", "") {
					out = append(out, &finding{kind: moved, env: env, list: ms, tag: curCommon[i], step: cur.by[curCommon[i]], oldCfg: v.Config, commit: *v, other: oldCommon[i]})
				}
				break
			}
		}

		for i, t := range cur.order {
			if old.by[t] != nil {
				continue
			}
			for _, later := range cur.order[i+1:] {
				if old.by[later] != nil {
					if once("inserted", t) {
						out = append(out, &finding{kind: inserted, env: env, list: ms, tag: t, step: cur.by[t], oldCfg: v.Config, commit: *v, other: later})
					}
					break
				}
			}
		}
	}
	// A retagged step is reported once, as the tag it lost.
	retagged := map[*wrangler.Migration]bool{}
	for _, f := range out {
		if f.retagged {
			retagged[f.step] = true
		}
	}
	return slices.DeleteFunc(out, func(f *finding) bool { return f.kind == inserted && retagged[f.step] })
}

// distinct keeps the first of the versions that share one parse (see
// confighistory.FromHistory): the others hold the same migrations.
func distinct(versions []*confighistory.Version) []*confighistory.Version {
	seen := map[*wrangler.Config]bool{}
	var out []*confighistory.Version
	for _, v := range versions {
		if !seen[v.Config] {
			seen[v.Config] = true
			out = append(out, v)
		}
	}
	return out
}

// sameScript reports whether two versions of a config deploy env as the
// same script. A Worker renamed since, or a file that git's rename
// detection followed from another Worker's config, deployed another
// script, whose deployed tag says nothing about today's. Without a name
// (given on the command line) the versions count as the same.
func sameScript(cur, old *wrangler.Config, env string) bool {
	a, b := cur.ScriptName(env), old.ScriptName(env)
	return a == "" || b == "" || a == b
}

// inAny reports whether some version's list for env has the tag.
func inAny(versions []*confighistory.Version, env, tag string) bool {
	for _, v := range distinct(versions) {
		if tagsOf(ownList(v.Config, env)).by[tag] != nil {
			return true
		}
	}
	return false
}

// unrename takes back a rename inside a step when another step of today's
// list creates the old name: the class moved to that step, it was not
// renamed.
func unrename(cs []change, tag string, forms map[string]form) []change {
	var out []change
	for _, c := range cs {
		if c.kind == renamedInPlace && createdElsewhere(c.class, tag, forms) {
			out = append(out, change{kind: dropped, class: c.class, backend: c.backend}, change{kind: added, class: c.to, backend: c.backend})
			continue
		}
		out = append(out, c)
	}
	return out
}

func createdElsewhere(class, tag string, forms map[string]form) bool {
	for t, f := range forms {
		if t != tag && (slices.Contains(f.kv, class) || slices.Contains(f.sqlite, class)) {
			return true
		}
	}
	return false
}

// changeKind is one way a step's operations changed.
type changeKind int

const (
	switched         changeKind = iota // class created with the other backend
	added                              // class created that was not
	dropped                            // class no longer created
	renamedInPlace                     // class's name changed in the creating list: class → to
	renameAdded                        // renamed_classes gained class → to
	renameDropped                      // renamed_classes lost class → to
	renameRetargeted                   // renamed_classes from → class became from → to
	deleteAdded                        // deleted_classes gained class
	deleteDropped                      // deleted_classes lost class
	transfersChanged                   // transferred_classes changed
)

type change struct {
	kind      changeKind
	class, to string
	from      string             // renameRetargeted: the renamed class
	backend   migrations.Backend // added, switched: the new backend; dropped, renamedInPlace: the old one
}

// changes lists how a step went from was to now.
func changes(was, now form) []change {
	var out []change
	backendOf := func(f form, c string) (migrations.Backend, bool) {
		switch {
		case slices.Contains(f.sqlite, c):
			return migrations.SQLite, true
		case slices.Contains(f.kv, c):
			return migrations.KV, true
		}
		return 0, false
	}
	var gone, came []string
	for _, c := range sorted(append(append([]string{}, was.kv...), was.sqlite...)) {
		b, _ := backendOf(was, c)
		nb, ok := backendOf(now, c)
		switch {
		case !ok:
			gone = append(gone, c)
		case nb != b:
			out = append(out, change{kind: switched, class: c, backend: nb})
		}
	}
	for _, c := range sorted(append(append([]string{}, now.kv...), now.sqlite...)) {
		if _, ok := backendOf(was, c); !ok {
			came = append(came, c)
		}
	}
	// One name swapped for another in the same list reads as a rename of
	// the class inside the step.
	if len(gone) == 1 && len(came) == 1 {
		b, _ := backendOf(was, gone[0])
		if nb, _ := backendOf(now, came[0]); nb == b {
			out = append(out, change{kind: renamedInPlace, class: gone[0], to: came[0], backend: b})
			gone, came = nil, nil
		}
	}
	for _, c := range gone {
		b, _ := backendOf(was, c)
		out = append(out, change{kind: dropped, class: c, backend: b})
	}
	for _, c := range came {
		b, _ := backendOf(now, c)
		out = append(out, change{kind: added, class: c, backend: b})
	}

	wasTo := map[string]string{}
	for _, r := range was.renames {
		wasTo[r.from] = r.to
	}
	nowTo := map[string]string{}
	for _, r := range now.renames {
		nowTo[r.from] = r.to
	}
	for _, r := range was.renames {
		switch to, ok := nowTo[r.from]; {
		case !ok:
			out = append(out, change{kind: renameDropped, class: r.from, to: r.to})
		case to != r.to:
			out = append(out, change{kind: renameRetargeted, from: r.from, class: r.to, to: to})
		}
	}
	for _, r := range now.renames {
		if _, ok := wasTo[r.from]; !ok {
			out = append(out, change{kind: renameAdded, class: r.from, to: r.to})
		}
	}

	for _, c := range now.deleted {
		if !slices.Contains(was.deleted, c) {
			out = append(out, change{kind: deleteAdded, class: c})
		}
	}
	for _, c := range was.deleted {
		if !slices.Contains(now.deleted, c) {
			out = append(out, change{kind: deleteDropped, class: c})
		}
	}
	if !slices.Equal(was.transfers, now.transfers) {
		out = append(out, change{kind: transfersChanged})
	}
	return out
}
