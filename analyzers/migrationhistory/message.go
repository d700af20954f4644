package migrationhistory

import (
	"fmt"
	"strings"

	"github.com/dolint-dev/dolint/migrations"
	"github.com/dolint-dev/dolint/wrangler"
)

// Messages say what changed, against which commit, what a script deployed
// from that commit keeps (deploy sends only the steps after its deployed
// tag), what the edit therefore fails to do, and what to write instead.

// where names a list: "" for the top level, " of env.<name>" otherwise.
func where(env string) string {
	if env == "" {
		return ""
	}
	return " of env." + env
}

func listName(b migrations.Backend) string {
	if b == migrations.KV {
		return "new_classes"
	}
	return "new_sqlite_classes"
}

// effect says what one change means for a script deployed from the
// commit: what it keeps, and what to write instead.
func (c change) describe() (what, keeps, instead string) {
	switch c.kind {
	case switched:
		if c.backend == migrations.SQLite {
			return fmt.Sprintf("%s moved from new_classes to new_sqlite_classes", c.class),
				fmt.Sprintf("keeps %s KV-backed, where every SQL call throws", c.class),
				fmt.Sprintf("a deployed KV-backed class can never become SQLite-backed, so create a SQLite-backed class under a new name in a new step (and delete %s once its data is moved)", c.class)
		}
		return fmt.Sprintf("%s moved from new_sqlite_classes to new_classes", c.class),
			fmt.Sprintf("keeps %s SQLite-backed", c.class),
			"a class's storage backend is fixed when it is created, so create a class under a new name in a new step if it must change"
	case added:
		return fmt.Sprintf("%s added to %s", c.class, listName(c.backend)),
			fmt.Sprintf("never creates %s, so a binding to it fails to deploy (code 10061)", c.class),
			fmt.Sprintf("create %s in a new step", c.class)
	case dropped:
		return fmt.Sprintf("%s removed from %s", c.class, listName(c.backend)),
			fmt.Sprintf("keeps %s's namespace and its objects", c.class),
			fmt.Sprintf("delete %s with deleted_classes in a new step", c.class)
	case renamedInPlace:
		return fmt.Sprintf("%s renamed to %s inside the step", c.class, c.to),
			fmt.Sprintf("keeps the namespace under the name %s and never creates %s", c.class, c.to),
			fmt.Sprintf("rename it with renamed_classes (from %s, to %s) in a new step", c.class, c.to)
	case renameAdded:
		return fmt.Sprintf("a rename of %s to %s added", c.class, c.to),
			fmt.Sprintf("never renames %s to %s", c.class, c.to),
			fmt.Sprintf("rename %s to %s in a new step", c.class, c.to)
	case renameDropped:
		return fmt.Sprintf("the rename of %s to %s removed", c.class, c.to),
			fmt.Sprintf("has %s renamed to %s already", c.class, c.to),
			fmt.Sprintf("rename %s back to %s in a new step", c.to, c.class)
	case renameRetargeted:
		return fmt.Sprintf("the rename of %s now targets %s instead of %s", c.from, c.to, c.class),
			fmt.Sprintf("has the class named %s", c.class),
			fmt.Sprintf("rename %s to %s in a new step", c.class, c.to)
	case deleteAdded:
		return fmt.Sprintf("%s added to deleted_classes", c.class),
			fmt.Sprintf("never deletes %s, whose namespace and objects stay", c.class),
			fmt.Sprintf("delete %s in a new step", c.class)
	case deleteDropped:
		return fmt.Sprintf("%s removed from deleted_classes", c.class),
			fmt.Sprintf("has deleted %s and its objects already, which no edit brings back", c.class),
			fmt.Sprintf("create %s again in a new step if it is wanted (its old objects are gone)", c.class)
	}
	return "transferred_classes changed",
		"keeps the transfers as committed",
		"put further transfers in a new step, on both scripts"
}

// effects says what a whole step does, for a step that is gone.
func effects(m *wrangler.Migration) string {
	var out []string
	f := formOf(m)
	if len(f.deleted) > 0 {
		out = append(out, "deletes "+strings.Join(f.deleted, ", "))
	}
	for _, r := range f.renames {
		out = append(out, fmt.Sprintf("renames %s to %s", r.from, r.to))
	}
	if len(f.kv) > 0 {
		out = append(out, "creates "+strings.Join(f.kv, ", ")+" KV-backed")
	}
	if len(f.sqlite) > 0 {
		out = append(out, "creates "+strings.Join(f.sqlite, ", ")+" SQLite-backed")
	}
	if len(f.transfers) > 0 {
		out = append(out, "transfers classes")
	}
	if len(out) == 0 {
		return "does nothing"
	}
	return strings.Join(out, ", ")
}

const semantics = "deploy sends only the steps after the tag a script last deployed and never sends a step again"

// message words a finding: its first sentence is the finding, the rest
// the note.
func (f *finding) message() string {
	c := f.commit.Commit.String()
	switch f.kind {
	case edited:
		var whats, keeps, insteads []string
		for _, ch := range f.changes {
			w, k, i := ch.describe()
			whats = append(whats, w)
			keeps = append(keeps, k)
			insteads = append(insteads, i)
		}
		return fmt.Sprintf("migration %q%s differs from its form in commit %s: %s; %s, so a script deployed from that commit keeps the step as it was there: it %s; restore %q as committed and put the change in a new step at the end: %s",
			f.tag, where(f.env), c, and(whats), semantics, strings.Join(keeps, ", and "), f.tag, strings.Join(insteads, "; "))
	case removed:
		if f.retagged {
			return fmt.Sprintf("migration %q%s does what step %q did in commit %s, under a new tag; a script deployed from that commit has tag %q, which the list no longer has: wrangler warns that it was not found and sends every step again, which the API rejects for the steps the script already applied; give the step back its tag %q",
				f.step.Tag.Value, where(f.env), f.tag, c, f.tag, f.tag)
		}
		return fmt.Sprintf("migration %q%s, which %s in commit %s, is gone; %s: a script deployed at %q no longer finds its tag, so wrangler sends every step again and the API rejects those it already applied, one deployed before %q never gets it, and where it ran, what it did (it %s) stays done; restore the step where it was and put any change in a new step at the end",
			f.tag, where(f.env), effects(f.old), c, semantics, f.tag, f.tag, effects(f.old))
	case moved:
		return fmt.Sprintf("migration %q%s now comes before %q, which it followed in commit %s; %s, looked up by the deployed tag's place in the list: a script deployed at %q now gets %q again, which the API rejects, and one deployed at %q never gets %q; keep committed steps in their committed order and add new steps at the end",
			f.tag, where(f.env), f.other, c, semantics, f.tag, f.other, f.other, f.tag)
	case inserted:
		return fmt.Sprintf("migration %q%s is inserted before %q, a step of commit %s; %s, so a script deployed at %q or later never gets it; move it after the last committed step",
			f.tag, where(f.env), f.other, c, semantics, f.other)
	}
	return ""
}

// and joins items in English: a, a and b, a, b and c.
func and(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
