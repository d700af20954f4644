// Package migrations replays a Worker's Durable Object migrations the way
// wrangler does, to learn which classes exist after a deploy, which storage
// backend each has, and which steps are impossible.
package migrations

import (
	"fmt"

	"github.com/dolint-dev/dolint/wrangler"
)

// Backend is the storage kind of a Durable Object class.
type Backend int

const (
	SQLite  Backend = iota // new_sqlite_classes, or storage "sqlite"
	KV                     // new_classes, or storage "legacy-kv"
	Unknown                // transferred in from another script: its kind is decided there
)

func (b Backend) String() string {
	switch b {
	case KV:
		return "kv"
	case Unknown:
		return "unknown"
	}
	return "sqlite"
}

// Class is a class that exists after the replay.
type Class struct {
	Name    string
	Backend Backend
	// Created is the string that brought the class into being under this
	// name: the new_classes/new_sqlite_classes entry, the renamed_classes
	// "to", the transferred_classes "to", or the exports key.
	Created *wrangler.String
	Step    int // index of the migration step that did it; -1 for exports
}

// Failure is one operation that cannot be applied.
type Failure struct {
	Step    int
	Field   string           // "deleted_classes", "renamed_classes", "new_classes" or "new_sqlite_classes"
	Class   *wrangler.String // the offending class name as written
	Message string           // worded as wrangler words it
	// Wrangler reports whether wrangler's own replay (wrangler dev, type
	// generation) fails here. Real reports whether the operation is
	// impossible for the deployed script too. They differ only around
	// transferred_classes, which wrangler's replay ignores: deleting or
	// renaming a transferred-in class fails in wrangler but not in
	// production, and creating a class that was transferred in passes in
	// wrangler but collides in production.
	Wrangler, Real bool
}

func (f *Failure) Error() string { return f.Message }

// Result is the outcome of a replay.
type Result struct {
	// Classes are the live classes whose backend is known, by name.
	Classes map[string]*Class
	// Transferred are the live classes that arrived through
	// transferred_classes. wrangler's local replay does not record them at
	// all, and their backend is whatever the source script gave them, which
	// this config cannot tell; so they are kept apart from Classes rather
	// than guessed as SQLite.
	Transferred map[string]*Class
	// Err is the failure wrangler stops at (the first with Wrangler set), or
	// nil. wrangler dev prints its Message as a fatal error.
	Err *Failure
	// Failures lists every impossible operation in replay order. The replay
	// goes on past each one (the operation is skipped), so one run reports
	// all of them where wrangler reports only the first.
	Failures []*Failure
	// Overwritten are the renamed_classes "to" names that replaced a class
	// that was still live. wrangler allows this silently; the replaced
	// class's objects are gone from the map.
	Overwritten []*wrangler.String
}

// Lookup returns the live class name, transferred or not, or nil.
func (r *Result) Lookup(name string) *Class {
	if c := r.Classes[name]; c != nil {
		return c
	}
	return r.Transferred[name]
}

func (r *Result) fail(step int, field string, s *wrangler.String, msg string, inWrangler, real bool) {
	f := &Failure{Step: step, Field: field, Class: s, Message: msg, Wrangler: inWrangler, Real: real}
	r.Failures = append(r.Failures, f)
	if r.Err == nil && inWrangler {
		r.Err = f
	}
}

// Replay applies steps in order. Within a step the order is fixed, whatever
// the order of the keys in the file: deleted_classes, renamed_classes,
// new_classes, new_sqlite_classes, then transferred_classes. So one step may
// delete A and create A again, or rename A to B and create a new A.
func Replay(steps []*wrangler.Migration) *Result {
	r := &Result{Classes: map[string]*Class{}, Transferred: map[string]*Class{}}
	for i, st := range steps {
		if st == nil {
			continue
		}
		for _, s := range items(st.DeletedClasses) {
			switch {
			case r.Classes[s.Value] != nil:
				delete(r.Classes, s.Value)
			case r.Transferred[s.Value] != nil:
				delete(r.Transferred, s.Value)
				r.fail(i, "deleted_classes", s, "Cannot apply deleted_classes migration to non-existent class "+s.Value, true, false)
			default:
				r.fail(i, "deleted_classes", s, "Cannot apply deleted_classes migration to non-existent class "+s.Value, true, true)
			}
		}
		for _, rn := range st.RenamedClasses {
			if rn == nil || rn.From == nil || rn.To == nil {
				continue // malformed; the config validation reports it
			}
			from, to := rn.From.Value, rn.To.Value
			msg := "Cannot apply renamed_classes migration to non-existent class " + from
			switch {
			case r.Classes[from] != nil:
				c := r.Classes[from]
				delete(r.Classes, from)
				// An existing "to" is silently replaced, as in wrangler.
				if r.Classes[to] != nil && to != from {
					r.Overwritten = append(r.Overwritten, rn.To)
				}
				r.Classes[to] = &Class{Name: to, Backend: c.Backend, Created: rn.To, Step: i}
			case r.Transferred[from] != nil:
				delete(r.Transferred, from)
				r.Transferred[to] = &Class{Name: to, Backend: Unknown, Created: rn.To, Step: i}
				r.fail(i, "renamed_classes", rn.From, msg, true, false)
			default:
				r.fail(i, "renamed_classes", rn.From, msg, true, true)
			}
		}
		r.create(i, "new_classes", st.NewClasses, KV)
		r.create(i, "new_sqlite_classes", st.NewSqliteClasses, SQLite)
		for _, tr := range st.TransferredClasses {
			if tr == nil || tr.To == nil {
				continue
			}
			r.Transferred[tr.To.Value] = &Class{Name: tr.To.Value, Backend: Unknown, Created: tr.To, Step: i}
		}
	}
	return r
}

func (r *Result) create(step int, field string, l *wrangler.StringList, b Backend) {
	for _, s := range items(l) {
		msg := fmt.Sprintf("Cannot apply %s migration to existing class %s", field, s.Value)
		switch {
		case r.Classes[s.Value] != nil:
			r.fail(step, field, s, msg, true, true)
		case r.Transferred[s.Value] != nil:
			r.fail(step, field, s, msg, false, true)
		default:
			r.Classes[s.Value] = &Class{Name: s.Value, Backend: b, Created: s, Step: step}
		}
	}
}

func items(l *wrangler.StringList) []*wrangler.String {
	if l == nil {
		return nil
	}
	return l.Items
}

// FromExports gives the classes a declarative exports map keeps alive:
// entries of type durable-object whose state is omitted, "created" or
// "expecting-transfer". Their backend is their storage; an entry without a
// valid storage (already a config error) gets Unknown.
func FromExports(e *wrangler.Exports) *Result {
	r := &Result{Classes: map[string]*Class{}, Transferred: map[string]*Class{}}
	if e == nil {
		return r
	}
	for _, x := range e.Entries {
		if x == nil || x.Class == nil || !x.Live() {
			continue
		}
		b := Unknown
		if x.Storage != nil {
			switch x.Storage.Value {
			case "sqlite":
				b = SQLite
			case "legacy-kv":
				b = KV
			}
		}
		r.Classes[x.Class.Value] = &Class{Name: x.Class.Value, Backend: b, Created: x.Class, Step: -1}
	}
	return r
}
