package migrations

import (
	"fmt"

	"github.com/dolint-dev/dolint/wrangler"
)

// DuplicateTag is a tag used by more than one step.
type DuplicateTag struct {
	Tag     string
	First   *wrangler.String   // the first step with the tag: the one deploy matches
	Repeats []*wrangler.String // every later step with the same tag
}

// DuplicateTags lists the tags that occur more than once, in order of their
// first occurrence. wrangler's config validation does not check this; deploy
// matches the first occurrence, so everything after it is sent again.
func DuplicateTags(steps []*wrangler.Migration) []DuplicateTag {
	var out []DuplicateTag
	index := map[string]int{} // tag -> position in out, or -1 if seen once
	first := map[string]*wrangler.String{}
	for _, st := range steps {
		if st == nil || st.Tag == nil {
			continue
		}
		t := st.Tag.Value
		f, seen := first[t]
		if !seen {
			first[t] = st.Tag
			continue
		}
		i, ok := index[t]
		if !ok {
			i = len(out)
			index[t] = i
			out = append(out, DuplicateTag{Tag: t, First: f})
		}
		out[i].Repeats = append(out[i].Repeats, st.Tag)
	}
	return out
}

// Upload is what a non-dry-run `wrangler deploy` sends for migrations.
type Upload struct {
	// Steps are uploaded in order (wrangler strips their tag).
	Steps  []*wrangler.Migration
	OldTag string // the tag the script must currently have; "" when not sent
	NewTag string // the tag the script gets: the last step's
	// NotFound is set when the deployed tag is in no step: wrangler warns
	// (see Warning) and sends every step.
	NotFound bool
}

// Pending simulates wrangler's choice of migrations to upload for a script
// whose deployed migration tag is deployedTag ("" when it has none). It
// returns nil when nothing is sent: no steps, or the deployed tag is the
// last step's.
//
// The deployed tag is looked up with findIndex, so with duplicate tags the
// first step carrying it wins and every step after it is sent again.
func Pending(steps []*wrangler.Migration, deployedTag string) *Upload {
	if len(steps) == 0 {
		return nil
	}
	u := &Upload{NewTag: tagOf(steps[len(steps)-1])}
	if deployedTag == "" {
		u.Steps = steps
		return u
	}
	u.OldTag = deployedTag
	for k, st := range steps {
		if tagOf(st) == deployedTag && st.Tag != nil {
			if k == len(steps)-1 {
				return nil
			}
			u.Steps = steps[k+1:]
			return u
		}
	}
	u.NotFound = true
	u.Steps = steps
	return u
}

func tagOf(st *wrangler.Migration) string {
	if st == nil || st.Tag == nil {
		return ""
	}
	return st.Tag.Value
}

// Warning returns wrangler's text for a deployed tag missing from the
// config (NotFound), or "". script is the deployed script's name (with the
// -<env> suffix for an environment) and configFile the config's base name.
// The unbalanced quote after the tag is wrangler's own.
func (u *Upload) Warning(script, configFile string) string {
	if u == nil || !u.NotFound {
		return ""
	}
	return fmt.Sprintf("The published script %s has a migration tag \"%s, which was not found in your %s file. You may have already deleted it. Applying all available migrations to the script...",
		script, u.OldTag, configFile)
}
