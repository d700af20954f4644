package migrations

import (
	"fmt"
	"slices"

	"github.com/dolint-dev/dolint/wrangler"
)

// Redeploy replays what a script holds after a deploy of steps when it had
// applied deployed before (its migration tag the last of them): deployed,
// then the steps Pending sends. Deploy never sends a step again, so where
// steps changed a step of deployed, the script keeps deployed's form.
func Redeploy(deployed, steps []*wrangler.Migration) *Result {
	all := slices.Clone(deployed)
	tag := ""
	if len(deployed) > 0 {
		tag = tagOf(deployed[len(deployed)-1])
	}
	if u := Pending(steps, tag); u != nil {
		all = append(all, u.Steps...)
	}
	return Replay(all)
}

// Difference describes the first class in which two replays differ: live
// in one and not the other, or live in both with other backends, naming
// the replays an and bn. It is "" when both have the same classes with the
// same backends.
func Difference(a, b *Result, an, bn string) string {
	names := map[string]bool{}
	for n := range a.Classes {
		names[n] = true
	}
	for n := range b.Classes {
		names[n] = true
	}
	for n := range a.Transferred {
		names[n] = true
	}
	for n := range b.Transferred {
		names[n] = true
	}
	var sorted []string
	for n := range names {
		sorted = append(sorted, n)
	}
	slices.Sort(sorted)
	for _, n := range sorted {
		ca, cb := a.Lookup(n), b.Lookup(n)
		switch {
		case ca == nil:
			return fmt.Sprintf("%s exists only in %s", n, bn)
		case cb == nil:
			return fmt.Sprintf("%s exists only in %s", n, an)
		case ca.Backend != cb.Backend:
			return fmt.Sprintf("%s is %s-backed in %s and %s-backed in %s", n, ca.Backend, an, cb.Backend, bn)
		}
	}
	return ""
}
