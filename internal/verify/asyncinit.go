package verify

import (
	"time"

	"github.com/dolint-dev/dolint/internal/fix"
)

// readerRE finds, in an asyncinit fix's message, the method that read a
// field before the initialization set it.
var readerRE = lazyRegexp(`so that (\w+)\(\) waits for it`)

// settle is how long the check lets the original's initialization run
// before it asks again: the sandbox runs setTimeout on the real clock.
const settle = 300 * time.Millisecond

// checkAsyncInit sends the first request to a new object, then another
// once the initialization has had time to finish. After the fix, the first
// answer must already be the settled one, and the settled answer must be
// the original's.
func checkAsyncInit(c *fixCtx) fix.Verdict {
	const check = "first request during initialization"
	st, src, env, binding, v := c.classSite()
	if v != nil {
		return *v
	}
	m := readerRE().FindStringSubmatch(c.fix.Message)
	if m == nil {
		return unverifiable(check, "the fix names no method that reads the field")
	}
	var reader *member
	for _, mem := range st.Members {
		if mem.Name == m[1] {
			reader = mem
		}
	}
	if reader == nil || (reader.Name != "fetch" && !callable(reader)) {
		return unverifiable(check, "%s() is not a method the sandbox can call", m[1])
	}
	var args []any
	if reader.Name != "fetch" {
		vecs, err := argVectors(src, reader)
		if err != nil {
			return unverifiable(check, "%s: %v", reader.Name, err)
		}
		args = vecs[0]
	}
	before, after, v := loadBoth(c, check, env, epoch)
	if v != nil {
		return *v
	}
	defer before.close()
	defer after.close()
	const obj = "dolint-verify-init"
	ask := func(s *session) (first, settled string, err error) {
		fv, ferr := s.invoke(binding, obj, reader, args)
		time.Sleep(settle)
		sv, serr := s.invoke(binding, obj, reader, args)
		if ferr != nil {
			err = ferr
		} else {
			err = serr
		}
		return outcome(fv, ferr), outcome(sv, serr), err
	}
	bFirst, bSettled, berr := ask(before)
	aFirst, aSettled, aerr := ask(after)
	switch {
	case needsNetwork(berr) || needsNetwork(aerr):
		return unverifiable(check, "the initialization needs outbound network access, which the sandbox refuses")
	case aerr != nil:
		// The sandbox lacks some bindings (KV, R2, D1) and scheduler;
		// an initialization that fails on them says nothing of the fix.
		return unverifiable(check, "%s() %s after the fix (before it, %s then %s)", reader.Name, aFirst, bFirst, bSettled)
	case aFirst != aSettled:
		return rejected(check, "the first %s() %s and a later one %s: the request still overtakes the initialization", reader.Name, aFirst, aSettled)
	case aSettled != bSettled:
		return rejected(check, "once initialized, %s() %s after the fix and %s before it", reader.Name, aSettled, bSettled)
	case bFirst == bSettled:
		// Nothing for the fix to change: the initialization failed, or
		// finished before the first request, in the sandbox.
		return unverifiable(check, "the sandbox did not show the race before the fix: %s() %s from the first request on", reader.Name, bFirst)
	}
	return verified(check, "the first %s() %s, as later ones do, where before the fix the first one %s", reader.Name, aFirst, bFirst)
}
