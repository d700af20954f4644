package verify

import (
	"fmt"
	"strings"
	"time"

	"github.com/dolint-dev/dolint/internal/fix"
	"github.com/dolint-dev/dolint/internal/rule"
	"github.com/dolint-dev/dolint/sandbox"
)

// loadBoth opens the versions without and with the fix. A version that
// does not load ends the check: rejected when only the fixed one fails,
// unverifiable when both do.
func loadBoth(c *fixCtx, check, env string, start time.Time) (before, after *session, v *fix.Verdict) {
	b, berr := c.open(env, c.before, start)
	a, aerr := c.open(env, c.after, start)
	switch {
	case aerr != nil && berr == nil:
		b.close()
		r := rejected(check, "the fixed project does not load: %s", firstLine(aerr))
		return nil, nil, &r
	case aerr != nil:
		u := unverifiable(check, "the project does not load before the fix either: %s", firstLine(berr))
		return nil, nil, &u
	case berr != nil:
		a.close()
		u := unverifiable(check, "the project does not load before the fix: %s", firstLine(berr))
		return nil, nil, &u
	}
	return b, a, nil
}

// loadWSBoth is loadBoth for a check that talks to the fixed class's object
// over a WebSocket: both versions must be reached on the path their fetch
// accepts one on, or the check would compare two failed upgrades.
func loadWSBoth(c *fixCtx, check string) (s *site, binding string, before, after *session, v *fix.Verdict) {
	s, _, env, binding, v := c.classSite()
	if v != nil {
		return nil, "", nil, nil, v
	}
	// The route first, so that the probe's isolates are gone before the
	// two versions load theirs.
	route := c.findWSPath(env, binding)
	if before, after, v = loadBoth(c, check, env, epoch); v != nil {
		return nil, "", nil, nil, v
	}
	before.ws, after.ws = route, route
	return s, binding, before, after, nil
}

// openAfter opens the fixed version alone. When it does not load, the
// original is tried: a fix is rejected for it only when the original
// loads.
func (c *fixCtx) openAfter(check, env string, start time.Time) (*session, *fix.Verdict) {
	a, aerr := c.open(env, c.after, start)
	if aerr == nil {
		return a, nil
	}
	b, berr := c.open(env, c.before, start)
	if berr != nil {
		u := unverifiable(check, "the project does not load before the fix either: %s", firstLine(berr))
		return nil, &u
	}
	b.close()
	r := rejected(check, "the fixed project does not load (the original does): %s", firstLine(aerr))
	return nil, &r
}

// ---- WebSockets ----

// wsMessage is what the check sends: JSON, since chat-style handlers
// parse their messages, with the field names such handlers tend to read.
const wsMessage = `{"type":"message","author":"dolint","user":"dolint","body":"hello","text":"hello","message":"hello"}`

type wsRun struct {
	connectErr error
	first      []string // replies to the first message
	second     []string // replies to the second (after hibernation, in the fixed version)
	handlerErr *sandbox.ScriptError
	received   int // webSocketMessage events
}

func collect(conn *sandbox.WebSocketConn, wait time.Duration) []string {
	var out []string
	first := true
	for {
		timeout := 50 * time.Millisecond
		if first {
			timeout = wait
		}
		m, err := conn.Receive(timeout)
		if err != nil {
			return out
		}
		first = false
		switch {
		case m.Close:
			out = append(out, fmt.Sprintf("close %d %q", m.Code, m.Reason))
		case m.Binary:
			out = append(out, fmt.Sprintf("binary %x", m.Data))
		default:
			out = append(out, m.Text)
		}
	}
}

func (s *session) webSocketScenario(binding string, hibernate bool) wsRun {
	var r wsRun
	const obj = "dolint-verify-ws"
	type conn struct{ c *sandbox.WebSocketConn }
	cn, err := withTimeout("fetch()", func() (conn, error) {
		c, err := s.connectWS(binding, obj)
		return conn{c}, err
	})
	if err != nil {
		r.connectErr = err
		return r
	}
	cn.c.SendText(wsMessage)
	r.first = collect(cn.c, 200*time.Millisecond)
	if hibernate {
		id, _ := s.rt.IDFromName(binding, obj)
		s.rt.Hibernate(binding, id)
	}
	cn.c.SendText(wsMessage)
	if !hibernate {
		// The original keeps its object in memory: its reply to the
		// second message is what hibernation must not change.
		r.second = collect(cn.c, 200*time.Millisecond)
		return r
	}
	evs := s.waitEvents("webSocketMessage", 2, time.Second)
	r.second = collect(cn.c, 200*time.Millisecond)
	r.received = len(evs)
	for _, e := range evs {
		if e.Err != nil && r.handlerErr == nil {
			r.handlerErr = e.Err
		}
	}
	return r
}

// checkWebSocket connects to the object, sends a message, hibernates the
// object and sends another. The fixed version must reply to the first
// message as the original did, and its webSocketMessage handler must get
// both messages without throwing.
func checkWebSocket(c *fixCtx) fix.Verdict {
	const check = "WebSocket across hibernation"
	s, binding, before, after, v := loadWSBoth(c, check)
	if v != nil {
		return *v
	}
	defer before.close()
	defer after.close()
	rb := before.webSocketScenario(binding, false)
	ra := after.webSocketScenario(binding, true)
	switch {
	case ra.connectErr != nil && rb.connectErr != nil:
		return unverifiable(check, "%s's fetch fails before the fix too: %s", s.Class, brief(rb.connectErr))
	case ra.connectErr != nil:
		return rejected(check, "connecting to %s fails after the fix: %s", s.Class, brief(ra.connectErr))
	case rb.connectErr != nil:
		return unverifiable(check, "connecting to %s fails before the fix: %s", s.Class, brief(rb.connectErr))
	}
	if strings.Join(rb.first, "\n") != strings.Join(ra.first, "\n") {
		return rejected(check, "the reply to a message changed: %s before the fix, %s after", replies(rb.first), replies(ra.first))
	}
	if !c.afterHas(s.Class, "webSocketMessage") {
		return rejected(check, "after the fix, %s has no webSocketMessage handler, so hibernatable sockets' messages reach no code", s.Class)
	}
	if ra.handlerErr != nil {
		return rejected(check, "webSocketMessage throws %s", brief(ra.handlerErr))
	}
	if ra.received < 2 {
		return rejected(check, "webSocketMessage received %d of 2 messages (one before hibernation, one after)", ra.received)
	}
	if strings.Join(rb.second, "\n") != strings.Join(ra.second, "\n") {
		return rejected(check, "after hibernation the reply to a second message is %s; without hibernation the original answers %s (state kept only in memory is lost)", replies(ra.second), replies(rb.second))
	}
	return verified(check, "same replies (%s), also to a message sent after hibernation%s", replies(ra.first), after.routeNote())
}

func replies(r []string) string {
	if len(r) == 0 {
		return "no reply"
	}
	return fmt.Sprintf("%q", r)
}

// ---- SQL ----

func isSQLError(err error) bool {
	if err == nil {
		return false
	}
	m := err.Error()
	for _, s := range []string{"SQLITE_ERROR", "syntax error", "unrecognized token", "incomplete input", "no such column", "no such table"} {
		if strings.Contains(m, s) {
			return true
		}
	}
	return false
}

// benign reports whether no string in args could change a query's text.
func benign(args []any) bool {
	ok := true
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			if strings.ContainsAny(x, `'";`) || strings.Contains(x, "--") {
				ok = false
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	for _, a := range args {
		walk(a)
	}
	return ok
}

// withString replaces every string in args (and in arrays) by s.
func withString(args []any, s string) ([]any, bool) {
	found := false
	var sub func(any) any
	sub = func(v any) any {
		switch x := v.(type) {
		case string:
			found = true
			return s
		case []any:
			if len(x) == 0 {
				return x
			}
			out := make([]any, len(x))
			for i, e := range x {
				out[i] = sub(e)
			}
			return out
		}
		return v
	}
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = sub(a)
	}
	return out, found
}

// seed calls the class's other methods once with their first sample
// arguments, so that lookups have rows to find. Methods whose parameters
// the sandbox cannot generate are left out.
func (s *session) seed(binding, obj string, src []byte, st *site) {
	for _, m := range st.Members {
		if m == st.Method || m.Getter || m.Name == "fetch" || len(m.Params) == 0 {
			continue
		}
		vecs, err := argVectors(src, m)
		if err != nil || len(vecs) == 0 || !benign(vecs[0]) {
			continue
		}
		s.call(binding, obj, m.Name, vecs[0])
	}
}

const noMatch = "dolint-no-such-value"

// checkSQLInjection calls the affected method with benign arguments (the
// results must not change) and with hostile strings: after the fix they
// must be plain data, answering like a lookup of a value that is not
// there, and leave the data as it was.
func checkSQLInjection(c *fixCtx) fix.Verdict {
	const check = "SQL with hostile input"
	st, src, env, binding, v := c.classSite()
	if v != nil {
		return *v
	}
	m := st.Method
	if m == nil || !callable(m) {
		return unverifiable(check, "the query is %s, which RPC cannot call", inWhat(m))
	}
	vecs, err := argVectors(src, m)
	if err != nil {
		return unverifiable(check, "%s: %v", m.Name, err)
	}
	c.useSchema(env, binding, src, m, vecs[0])
	before, after, v := loadBoth(c, check, env, epoch)
	if v != nil {
		return *v
	}
	defer before.close()
	defer after.close()
	const obj = "dolint-verify-sql"
	before.seed(binding, obj, src, st)
	after.seed(binding, obj, src, st)
	var bens [][]any
	for _, args := range vecs {
		if !benign(args) {
			continue
		}
		bv, berr := before.call(binding, obj, m.Name, args)
		av, aerr := after.call(binding, obj, m.Name, args)
		ob, oa := outcome(bv, berr), outcome(av, aerr)
		switch {
		case ob == oa:
			bens = append(bens, args)
		case berr == nil:
			// Plain values must answer as before: the fix is about
			// hostile input only.
			return rejected(check, "%s(%s) %s before the fix and %s after", m.Name, showArgs(args), ob, oa)
		case aerr != nil:
			return unverifiable(check, "%s(%s) fails before the fix (%s) and differently after it (%s), so its results cannot be compared", m.Name, showArgs(args), brief(berr), brief(aerr))
		}
	}
	// The object's answers to benign calls, twice: a method whose answers
	// repeat is a probe for data changed by the hostile calls.
	probe := func() string {
		var b strings.Builder
		for _, args := range bens {
			v, err := after.call(binding, obj, m.Name, args)
			b.WriteString(outcome(v, err) + "\n")
		}
		return b.String()
	}
	p1, p2 := probe(), probe()
	stable := p1 == p2
	miss, hasString := withString(vecs[0], noMatch)
	if !hasString {
		return verified(check, "benign results unchanged; %s takes no string, so no hostile input applies%s", m.Name, c.notes(after))
	}
	mv, merr := after.call(binding, obj, m.Name, miss)
	missOut := outcome(mv, merr)
	bmv, bmerr := before.call(binding, obj, m.Name, miss)
	// Both versions failing alike with a plain value may mean neither
	// reaches the query: then only a failure that hostile input adds is
	// evidence, and its absence proves nothing.
	blind := merr != nil && outcome(bmv, bmerr) == missOut
	for _, h := range append(hostileStrings, tableAttacks(src)...) {
		args, _ := withString(vecs[0], h)
		v, err := after.call(binding, obj, m.Name, args)
		got := outcome(v, err)
		// Only an error that a plain value does not cause is evidence:
		// the hostile characters then changed the statement.
		if isSQLError(err) && got != missOut {
			bo := outcome(before.call(binding, obj, m.Name, args))
			return rejected(check, "%s(%s) still reaches the SQL text: after the fix it %s, where a plain value %s (before the fix it %s)", m.Name, showArgs(args), got, missOut, bo)
		}
		if h == hostileStrings[0] && stable && got != missOut {
			bo := outcome(before.call(binding, obj, m.Name, args))
			return rejected(check, "%s(%s) %s after the fix (before it %s), but a lookup of a value that is not there %s", m.Name, showArgs(args), got, bo, missOut)
		}
	}
	if blind {
		return unverifiable(check, "%s(%s) %s before and after the fix, with a plain value, so whether hostile input reaches the SQL text cannot be seen", m.Name, showArgs(miss), missOut)
	}
	if stable {
		if p3 := probe(); p3 != p2 {
			return rejected(check, "after the hostile calls the same benign calls answer differently: data or tables changed (%s)", firstDiff(p2, p3))
		}
	}
	note := ""
	if !stable {
		note = "; the method changes data, so it could not probe what the hostile calls left behind"
	}
	return verified(check, "benign results unchanged over %d calls; hostile strings are data%s%s", len(bens), note, c.notes(after))
}

// notes says what stood in for production during a check: the schema of
// tables made elsewhere, and outbound requests the stub answered.
func (c *fixCtx) notes(s *session) string {
	n := ""
	if len(c.schema) > 0 {
		n += fmt.Sprintf("; %d CREATE statements from the project or inferred from its queries made the tables", len(c.schema))
	}
	if c.synthetic != "" {
		n += fmt.Sprintf("; no config binds %s, so the check bound it", c.synthetic)
	}
	return n + s.out.note()
}

// checkSQLTransaction runs the method: it must now succeed where workerd
// refused the SQL transaction statements, and when it can be made to throw
// part-way, the object's other answers must show nothing of the partial
// writes.
func checkSQLTransaction(c *fixCtx) fix.Verdict {
	const check = "SQL transaction"
	st, src, env, binding, v := c.classSite()
	if v != nil {
		return *v
	}
	m := st.Method
	if m == nil || !callable(m) {
		return unverifiable(check, "the transaction is %s, which RPC cannot call", inWhat(m))
	}
	vecs, err := argVectors(src, m)
	if err != nil {
		return unverifiable(check, "%s: %v", m.Name, err)
	}
	args := vecs[len(vecs)-1]
	c.useSchema(env, binding, src, m, args)
	before, after, v := loadBoth(c, check, env, epoch)
	if v != nil {
		return *v
	}
	defer before.close()
	defer after.close()
	bv, berr := before.call(binding, "dolint-verify-txn", m.Name, args)
	av, aerr := after.call(binding, "dolint-verify-txn", m.Name, args)
	if needsNetwork(berr) || needsNetwork(aerr) {
		return unverifiable(check, "%s needs outbound network access, which the sandbox refuses", m.Name)
	}
	if aerr != nil {
		ob, oa := outcome(bv, berr), outcome(av, aerr)
		switch {
		case refusesTransaction(aerr):
			return rejected(check, "%s(%s) %s after the fix, as before it", m.Name, showArgs(args), oa)
		case berr == nil:
			return rejected(check, "%s(%s) %s before the fix and %s after", m.Name, showArgs(args), ob, oa)
		case ob == oa:
			return unverifiable(check, "%s(%s) %s before and after the fix, a failure that is not about the transaction", m.Name, showArgs(args), oa)
		case refusesTransaction(berr):
			return unverifiable(check, "the fix removes workerd's refusal of the SQL transaction statements, but %s(%s) then %s, which is not about the transaction", m.Name, showArgs(args), oa)
		default:
			return unverifiable(check, "%s(%s) %s before the fix and %s after, neither about the transaction", m.Name, showArgs(args), ob, oa)
		}
	}
	if berr == nil {
		return unverifiable(check, "%s(%s) %s before the fix too, so the failure the fix removes was not seen", m.Name, showArgs(args), outcome(bv, nil))
	}
	bad, ok := throwingArgs(src, m)
	if !ok {
		return verified(check, "%s succeeds (before the fix it %s); rollback not checked: no argument makes it throw part-way", m.Name, outcome(nil, berr))
	}
	// Probes: the class's other methods whose answers repeat.
	const obj = "dolint-verify-rollback"
	type probe struct {
		m    *member
		args []any
	}
	var probes []probe
	for _, o := range st.Members {
		if o == m || o.Name == "fetch" {
			continue
		}
		ovecs, err := argVectors(src, o)
		if err != nil || !benign(ovecs[0]) {
			continue
		}
		probes = append(probes, probe{o, ovecs[0]})
	}
	snapshot := func() string {
		var b strings.Builder
		for _, p := range probes {
			fmt.Fprintf(&b, "%s(%s) %s\n", p.m.Name, showArgs(p.args), outcome(after.call(binding, obj, p.m.Name, p.args)))
		}
		return b.String()
	}
	s1, s2 := snapshot(), snapshot()
	if s1 != s2 || len(probes) == 0 {
		return verified(check, "%s succeeds (before the fix it %s); rollback not checked: no method of the class reads the data back", m.Name, outcome(nil, berr))
	}
	_, terr := after.call(binding, obj, m.Name, bad)
	if terr == nil {
		return verified(check, "%s succeeds (before the fix it %s); rollback not checked: no argument makes it throw part-way", m.Name, outcome(nil, berr))
	}
	if s3 := snapshot(); s3 != s2 {
		return rejected(check, "%s threw part-way (%s) and left partial writes: %s", m.Name, brief(terr), firstDiff(s2, s3))
	}
	return verified(check, "%s succeeds (before the fix it %s), and a throw part-way rolls back%s", m.Name, outcome(nil, berr), c.notes(after))
}

// refusesTransaction reports workerd's refusal of SQL BEGIN and SAVEPOINT.
func refusesTransaction(err error) bool {
	return err != nil && strings.Contains(err.Error(), "To execute a transaction, please use the state.storage.transaction()")
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range al {
		if i < len(bl) && al[i] != bl[i] {
			return fmt.Sprintf("before the throw %s; after it %s", al[i], bl[i])
		}
	}
	return "the answers differ"
}

// ---- Alarms ----

// checkAlarm runs the member that sets the alarm. For a delay passed as a
// time (rule.VerifyAlarmDelay, alarmtime's fixes) the intended time comes
// from the original itself: run on a clock at 1 ms past
// the Unix epoch, setAlarm(delay) keeps its argument unclamped, which is
// the delay the author meant. The fixed version, run at a fixed start,
// must schedule the alarm at start + delay, and the alarm must fire then
// (not a millisecond before) without its handler throwing.
func checkAlarm(c *fixCtx) fix.Verdict {
	const check = "alarm on a virtual clock"
	st, src, env, binding, v := c.classSite()
	if v != nil {
		return *v
	}
	m := st.Method
	if m == nil {
		return unverifiable(check, "setAlarm is not inside a method of %s", st.Class)
	}
	var args []any
	if m.Name != "fetch" && m.Name != "constructor" {
		vecs, err := argVectors(src, m)
		if err != nil {
			return unverifiable(check, "%s: %v", m.Name, err)
		}
		args = vecs[0]
	}
	const obj = "dolint-verify-alarm"
	after, lv := c.openAfter(check, env, epoch)
	if lv != nil {
		return *lv
	}
	defer after.close()
	_, aerr := after.invoke(binding, obj, m, args)
	if needsNetwork(aerr) {
		return unverifiable(check, "%s needs outbound network access, which the sandbox refuses", m.Name)
	}
	at, ok, _ := after.rt.Alarm(binding, obj)
	if !ok {
		before, berr := c.open(env, c.before, epoch)
		if berr == nil {
			_, berr = before.invoke(binding, obj, m, args)
			before.close()
		}
		if aerr != nil && berr != nil && outcome(nil, aerr) == outcome(nil, berr) {
			return unverifiable(check, "%s %s before and after the fix", m.Name, outcome(nil, aerr))
		}
		if aerr != nil {
			return rejected(check, "%s %s after the fix", m.Name, outcome(nil, aerr))
		}
		return rejected(check, "%s schedules no alarm after the fix", m.Name)
	}
	if c.fix.Check == rule.VerifyAlarmDelay {
		b, err := c.open(env, c.before, time.UnixMilli(1))
		if err != nil {
			return unverifiable(check, "the project does not load before the fix: %s", firstLine(err))
		}
		_, berr := b.invoke(binding, obj, m, args)
		raw, bok, _ := b.rt.Alarm(binding, obj)
		b.close()
		if !bok {
			return unverifiable(check, "before the fix, %s sets no alarm (%s)", m.Name, outcome(nil, berr))
		}
		delay := time.Duration(raw.UnixMilli()) * time.Millisecond
		if want := epoch.Add(delay); !at.Equal(want) {
			return rejected(check, "the alarm is set for %s, but the original's delay of %s means %s", at.UTC().Format(time.RFC3339Nano), delay, want.UTC().Format(time.RFC3339Nano))
		}
	}
	due := at.Sub(epoch)
	if due > time.Millisecond {
		after.rt.Advance(due - time.Millisecond)
		if evs := after.eventsOf("alarm"); len(evs) > 0 {
			return rejected(check, "the alarm fired at %s, before its time %s", evs[0].At.UTC().Format(time.RFC3339Nano), at.UTC().Format(time.RFC3339Nano))
		}
	}
	after.rt.Advance(due - after.clock.Now().Sub(epoch))
	evs := after.waitEvents("alarm", 1, time.Second)
	if len(evs) == 0 {
		return rejected(check, "no alarm ran at %s", at.UTC().Format(time.RFC3339Nano))
	}
	if evs[0].Err != nil {
		// What alarm() does once it runs is the same code before and
		// after a fix to when it runs: it counts against the fix only if
		// the original's alarm, at its own time, did not throw it.
		bo, ran := c.originalAlarm(env, binding, m, args)
		switch {
		case !ran:
			return unverifiable(check, "%s() sets the alarm %s ahead and it fires then, but alarm() throws %s, and the original's alarm could not be run to compare", m.Name, due, brief(evs[0].Err))
		case bo == nil:
			return rejected(check, "alarm() throws %s after the fix; the original's alarm, at its own time, ran without error", brief(evs[0].Err))
		case bo.Error() != evs[0].Err.Error():
			return rejected(check, "alarm() throws %s after the fix; the original's threw %s", brief(evs[0].Err), brief(bo))
		}
		return verified(check, "%s() sets the alarm %s ahead, and it fires then; alarm() throws %s, as the original's does%s%s", m.Name, due, brief(evs[0].Err), after.directNote(), c.notes(after))
	}
	return verified(check, "%s() sets the alarm %s ahead, and it fires then%s%s", m.Name, due, after.directNote(), c.notes(after))
}

// originalAlarm runs the version without the fix until its alarm fires
// and returns what alarm() threw (nil: nothing); ran is false when the
// original schedules no alarm that fires.
func (c *fixCtx) originalAlarm(env, binding string, m *member, args []any) (thrown *sandbox.ScriptError, ran bool) {
	const obj = "dolint-verify-alarm"
	b, err := c.open(env, c.before, epoch)
	if err != nil {
		return nil, false
	}
	defer b.close()
	b.invoke(binding, obj, m, args)
	at, ok, _ := b.rt.Alarm(binding, obj)
	if !ok {
		return nil, false
	}
	if d := at.Sub(b.clock.Now()); d > 0 {
		b.rt.Advance(d)
	} else {
		b.rt.Advance(0)
	}
	evs := b.waitEvents("alarm", 1, time.Second)
	if len(evs) == 0 {
		return nil, false
	}
	return evs[0].Err, true
}

// ---- super(ctx, env) ----

// checkSuperCall constructs the object before and after the fix: after it,
// the constructor must succeed with this.env being the env the runtime
// passed, and no method that returned before may throw after.
func checkSuperCall(c *fixCtx) fix.Verdict {
	const check = "construction"
	st, src, env, binding, v := c.classSite()
	if v != nil {
		return *v
	}
	before, after, v := loadBoth(c, check, env, epoch)
	if v != nil {
		return *v
	}
	defer before.close()
	defer after.close()
	const obj = "dolint-verify-ctor"
	ctor := func(s *session) (*sandbox.Event, error) {
		_, err := s.fetch(binding, obj)
		id, _ := s.rt.IDFromName(binding, obj)
		for _, e := range s.eventsOf("constructor") {
			if e.Object == id {
				return &e, nil
			}
		}
		return nil, err
	}
	be, berr := ctor(before)
	ae, aerr := ctor(after)
	switch {
	case ae == nil:
		return rejected(check, "%s is not constructed after the fix: %s", st.Class, brief(aerr))
	case ae.Err != nil:
		return rejected(check, "the %s constructor throws %s after the fix", st.Class, brief(ae.Err))
	case !ae.EnvBound:
		return rejected(check, "after the fix, this.env is not the env the runtime passes to %s", st.Class)
	case be == nil:
		return unverifiable(check, "%s is not constructed before the fix: %s", st.Class, brief(berr))
	case be.Err == nil && be.EnvBound:
		return unverifiable(check, "this.env is already the runtime's env before the fix")
	}
	for _, mem := range st.Members {
		if mem.Name == "fetch" {
			continue
		}
		vecs, err := argVectors(src, mem)
		if err != nil {
			continue
		}
		bv, berr := before.call(binding, "dolint-verify-methods", mem.Name, vecs[0])
		av, aerr := after.call(binding, "dolint-verify-methods", mem.Name, vecs[0])
		if berr == nil && aerr != nil {
			return rejected(check, "%s(%s) %s before the fix and %s after", mem.Name, showArgs(vecs[0]), outcome(bv, nil), outcome(av, aerr))
		}
	}
	return verified(check, "%s constructs, and this.env is the runtime's env", st.Class)
}

// handlers are the members the runtime calls and RPC refuses.
var handlers = map[string]bool{"constructor": true, "fetch": true, "connect": true, "alarm": true,
	"webSocketMessage": true, "webSocketClose": true, "webSocketError": true}

func callable(m *member) bool { return m != nil && !handlers[m.Name] && !m.Getter }

func inWhat(m *member) string {
	if m == nil {
		return "outside any method"
	}
	if m.Name == "constructor" {
		return "in the constructor"
	}
	return "in the " + m.Name + "() handler"
}

var createTable = lazyRegexp("(?i)create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?[\"`']?([A-Za-z_][A-Za-z0-9_]*)")

// tableAttacks are hostile strings aimed at the tables the source creates:
// concatenated into a query, they delete its rows.
func tableAttacks(src []byte) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range createTable().FindAllSubmatch(src, -1) {
		t := string(m[1])
		if seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, "x'; DELETE FROM "+t+"; --", `x"; DELETE FROM `+t+"; --")
	}
	return out
}
