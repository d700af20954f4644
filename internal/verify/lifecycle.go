package verify

import (
	"fmt"
	"time"

	"github.com/dolint-dev/dolint/internal/fix"
)

// ---- deleteAll() and the alarm ----

// alarmAfterDeleteAll runs, on one object, a member that schedules an
// alarm and then the member that calls deleteAll(). It returns how the
// alarm came to be set ("schedule() sets an alarm"), whether an alarm was
// left afterwards, and whether alarm() ran once the clock passed the
// scheduled time.
//
// Where no member the check can call sets one (the object sets it once a
// third-party API has answered, say), the check sets it in the object's
// storage itself, as a test would: what deleteAll() must do about an alarm
// does not depend on who set it.
func (s *session) alarmAfterDeleteAll(binding, obj string, src []byte, st *site) (setter string, left, fired bool, err error) {
	var at time.Time
	hasAlarm := false
	for _, m := range st.Members {
		if m.Name == "alarm" {
			hasAlarm = true
		}
		if m == st.Method || handlers[m.Name] || m.Name == "alarm" {
			continue
		}
		vecs, verr := argVectors(src, m)
		if verr != nil || len(vecs) == 0 {
			continue
		}
		s.invoke(binding, obj, m, vecs[0])
		if t, ok, _ := s.rt.Alarm(binding, obj); ok {
			setter, at = m.Name+"() sets an alarm", t
			break
		}
	}
	if setter == "" && hasAlarm {
		// A fresh object: SetAlarm writes storage from outside.
		obj += "-direct"
		at = s.clock.Now().Add(time.Hour)
		if err := s.rt.SetAlarm(binding, obj, at); err == nil {
			setter = "the check sets an alarm in storage (no method it can call sets one)"
		}
	}
	if setter == "" {
		return "", false, false, fmt.Errorf("no method of %s that the check can call schedules an alarm", st.Class)
	}
	var args []any
	if st.Method.Name != "fetch" {
		vecs, verr := argVectors(src, st.Method)
		if verr != nil {
			return setter, false, false, fmt.Errorf("%s: %v", st.Method.Name, verr)
		}
		args = vecs[0]
	}
	if _, err := s.invoke(binding, obj, st.Method, args); err != nil {
		return setter, false, false, fmt.Errorf("%s() %s", st.Method.Name, outcome(nil, err))
	}
	_, left, _ = s.rt.Alarm(binding, obj)
	s.rt.Advance(at.Sub(s.clock.Now()) + time.Second)
	fired = len(s.waitEvents("alarm", 1, 300*time.Millisecond)) > 0
	return setter, left, fired, nil
}

// checkDeleteAll schedules the alarm, runs the member that calls
// deleteAll() and moves the virtual clock past the alarm's time: after the
// fix no alarm may be left and alarm() may not run.
func checkDeleteAll(c *fixCtx) fix.Verdict {
	const check = "alarm after deleteAll on a virtual clock"
	st, src, env, binding, v := c.classSite()
	if v != nil {
		return *v
	}
	if st.Method == nil || st.Method.Name == "constructor" {
		return unverifiable(check, "deleteAll() is not inside a method of %s", st.Class)
	}
	const obj = "dolint-verify-deleteall"
	after, lv := c.openAfter(check, env, epoch)
	if lv != nil {
		return *lv
	}
	defer after.close()
	setter, left, fired, err := after.alarmAfterDeleteAll(binding, obj, src, st)
	if needsNetwork(err) {
		return unverifiable(check, "%s needs outbound network access, which the sandbox refuses", st.Method.Name)
	}
	if err != nil {
		return unverifiable(check, "%v", err)
	}
	switch {
	case left:
		return rejected(check, "after %s, %s() still leaves it set", setter, st.Method.Name)
	case fired:
		return rejected(check, "after %s and %s() runs, alarm() still runs", setter, st.Method.Name)
	}
	note := ""
	if before, err := c.open(env, c.before, epoch); err == nil {
		_, bleft, bfired, berr := before.alarmAfterDeleteAll(binding, obj, src, st)
		before.close()
		if berr == nil && bleft && bfired {
			note = "; without the fix the alarm stayed set and alarm() ran"
		}
	}
	return verified(check, "after %s, %s() leaves none and alarm() does not run%s%s", setter, st.Method.Name, note, after.directNote())
}

// ---- webSocketClose and the close handshake ----

type closeRun struct {
	connectErr error
	reply      []string
	handlerErr string
}

// closeScenario connects a hibernatable socket, closes it from the client
// with code and reason, and collects what comes back.
func (s *session) closeScenario(binding, obj string, code int, reason string) closeRun {
	var r closeRun
	conn, err := s.connectWS(binding, obj)
	if err != nil {
		r.connectErr = err
		return r
	}
	conn.Close(code, reason)
	evs := s.waitEvents("webSocketClose", 1, time.Second)
	r.reply = collect(conn, 300*time.Millisecond)
	if len(evs) > 0 && evs[0].Err != nil {
		r.handlerErr = brief(evs[0].Err)
	}
	return r
}

// checkWSClose closes a hibernatable socket from the client, once with a
// code and reason and once without a code (which arrives as 1005): after
// the fix the client must get a Close frame back each time, the first
// with the same code and reason, and webSocketClose may not throw.
func checkWSClose(c *fixCtx) fix.Verdict {
	const check = "WebSocket close handshake"
	s, binding, before, after, v := loadWSBoth(c, check)
	if v != nil {
		return *v
	}
	defer before.close()
	defer after.close()
	rb := before.closeScenario(binding, "dolint-verify-close", 4000, "dolint")
	ra := after.closeScenario(binding, "dolint-verify-close", 4000, "dolint")
	switch {
	case ra.connectErr != nil && rb.connectErr != nil:
		return unverifiable(check, "%s's fetch does not accept a WebSocket from the check: %s", s.Class, brief(rb.connectErr))
	case ra.connectErr != nil:
		return rejected(check, "connecting to %s fails after the fix: %s", s.Class, brief(ra.connectErr))
	case rb.connectErr != nil:
		return unverifiable(check, "connecting to %s fails before the fix: %s", s.Class, brief(rb.connectErr))
	}
	const echoed = `close 4000 "dolint"`
	if ra.handlerErr != "" {
		return rejected(check, "webSocketClose throws %s", ra.handlerErr)
	}
	if len(ra.reply) == 0 || ra.reply[len(ra.reply)-1] != echoed {
		return rejected(check, "a client close (4000, \"dolint\") gets %s back, not the same Close frame", replies(ra.reply))
	}
	nc := after.closeScenario(binding, "dolint-verify-close-nocode", 1005, "")
	if nc.connectErr != nil {
		return rejected(check, "a second connection to %s fails after the fix: %s", s.Class, brief(nc.connectErr))
	}
	if nc.handlerErr != "" {
		return rejected(check, "webSocketClose throws %s for a close without a code", nc.handlerErr)
	}
	if len(nc.reply) == 0 {
		return rejected(check, "a client close without a code gets no Close frame back")
	}
	note := ""
	if len(rb.reply) == 0 {
		note = "; without the fix no Close frame came back"
	}
	return verified(check, "a client close (4000, \"dolint\") gets the same Close frame back, and one without a code gets %s%s%s", nc.reply[len(nc.reply)-1], note, after.routeNote())
}
