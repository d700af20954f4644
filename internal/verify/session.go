package verify

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/dolint-dev/dolint/sandbox"
	"github.com/dolint-dev/dolint/sandbox/project"
)

// epoch is where virtual clocks start: a fixed time, so runs repeat.
var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// callTimeout bounds one call into the sandbox; an object that never
// answers (a promise that never settles) makes the check unverifiable
// rather than hanging the fix run.
const callTimeout = 5 * time.Second

// turnCPU bounds each turn of the checked code: a guard against code that
// would wedge the fix run, far above what a handler of a check needs.
const turnCPU = 2 * time.Second

// startupCPU bounds the evaluation of the module graph, once per isolate
// (the Worker's and each object's). goja evaluates it several times slower
// than V8: the bundle of a real Worker that builds its validation schemas
// at load (type-checking libraries constructing thousands of objects)
// takes 0.4-0.5 s of CPU in Node 20's V8 and 1.7 s in goja, per isolate,
// close enough to turnCPU that a busy machine pushed one load or another
// over it at random, and the verdict with it. Five times turnCPU leaves
// such a graph room while a module that spins at load still ends within
// seconds.
var startupCPU = 5 * turnCPU

// session is one loaded version of a project.
type session struct {
	p     *project.Project
	rt    *sandbox.Runtime
	clock *sandbox.VirtualClock

	mu     sync.Mutex
	events []sandbox.Event
	signal chan struct{}
	direct bool // a method ran although RPC is off (see call)

	out *outbox // outbound requests the stub answered
	// missing are packages not installed that empty stand-ins replaced.
	missing []string
	// ws is where the object accepts a WebSocket (see findWSPath).
	ws wsRoute
	// peak, when set, keeps the most CPU any isolate's startup used in
	// the sessions that share it (see fixCtx.open).
	peak *time.Duration
}

// open loads one version of the project. Bindings to classes the main
// module does not export would stop the load; they are left out, so that a
// fix to one class can be checked while another class is still broken.
func open(config, env string, overlay map[string][]byte, start time.Time, mods ...func(*sandbox.Options)) (*session, error) {
	s, _, err := openDropping(config, env, overlay, start, nil, mods...)
	return s, err
}

var unexportedClass = lazyRegexp(`Durable Object class "([^"]+)" is not exported from the Worker's main module`)

// openDropping is open given the classes an earlier open of the same
// version found unexported, whose bindings are left out at once rather
// than after a load that fails on them. It returns the classes left out.
func openDropping(config, env string, overlay map[string][]byte, start time.Time, known map[string]bool, mods ...func(*sandbox.Options)) (*session, map[string]bool, error) {
	p, err := project.Open(config, env, overlay)
	if err != nil {
		return nil, nil, err
	}
	mod := func(o *sandbox.Options) {
		for _, m := range mods {
			m(o)
		}
	}
	dropped := map[string]bool{}
	for c := range known {
		dropped[c] = true
	}
	for {
		kept := *p
		kept.Options.Bindings = nil
		for _, bd := range p.Options.Bindings {
			if !dropped[bd.ClassName] {
				kept.Options.Bindings = append(kept.Options.Bindings, bd)
			}
		}
		s, err := openProject(&kept, start, mod)
		if err != nil {
			if m := unexportedClass().FindStringSubmatch(err.Error()); m != nil && !dropped[m[1]] {
				dropped[m[1]] = true
				continue
			}
		}
		return s, dropped, err
	}
}

func openProject(p *project.Project, start time.Time, mod func(*sandbox.Options)) (*session, error) {
	s := &session{p: p, clock: sandbox.NewVirtualClock(start), signal: make(chan struct{}, 1), out: &outbox{}}
	setup := func(p *project.Project) func(*sandbox.Options) {
		return func(o *sandbox.Options) {
			o.Clock = s.clock
			o.Limits = sandbox.Limits{CPU: turnCPU, StartupCPU: startupCPU}
			o.OnEvent = s.record
			// Production's surroundings, stood in: the network answers,
			// every binding the code reads exists, and so does every
			// node: module (nodejs_compat's, which the runtime lacks).
			o.StubFetch = s.out.answer
			o.StandIns = standIns(p, p.Options.Overlay)
			o.StandInNodeModules = true
			if mod != nil {
				mod(o)
			}
		}
	}
	rt, err := p.Load(setup(p))
	// Packages that are not installed: stand them in, a few rounds,
	// since esbuild may stop at the first files it could not finish.
	for i := 0; err != nil && i < 3; i++ {
		next, pkgs := standInMissing(p, p.Options.Overlay, err)
		if next == nil {
			break
		}
		s.missing = dedupe(append(s.missing, pkgs...))
		q := *p
		q.Options.Overlay = next
		p = &q
		rt, err = p.Load(setup(p))
	}
	if err != nil {
		if len(s.missing) > 0 {
			return nil, &standInError{err: err, pkgs: s.missing}
		}
		return nil, err
	}
	s.p = p
	s.rt = rt
	return s, nil
}

// close stops the runtime, waiting at most callTimeout: a call that a
// limit cannot reach must not hold up the verdicts, so such a runtime is
// left to stop in the background.
func (s *session) close() {
	if s.peak != nil {
		*s.peak = max(*s.peak, s.rt.StartupCPU())
	}
	done := make(chan struct{})
	go func() { s.rt.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(callTimeout):
	}
}

func (s *session) record(ev sandbox.Event) {
	s.mu.Lock()
	s.events = append(s.events, ev)
	s.mu.Unlock()
	select {
	case s.signal <- struct{}{}:
	default:
	}
}

// eventsOf returns the events of a handler so far.
func (s *session) eventsOf(handler string) []sandbox.Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []sandbox.Event
	for _, e := range s.events {
		if e.Handler == handler {
			out = append(out, e)
		}
	}
	return out
}

// waitEvents waits until there are at least n events of handler.
func (s *session) waitEvents(handler string, n int, timeout time.Duration) []sandbox.Event {
	deadline := time.After(timeout)
	for {
		if evs := s.eventsOf(handler); len(evs) >= n {
			return evs
		}
		select {
		case <-s.signal:
		case <-deadline:
			return s.eventsOf(handler)
		}
	}
}

// withTimeout runs f, giving up after callTimeout.
func withTimeout[T any](what string, f func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	ch := make(chan result, 1)
	go func() {
		v, err := f()
		ch <- result{v, err}
	}()
	select {
	case r := <-ch:
		return r.v, r.err
	case <-time.After(callTimeout):
		var zero T
		return zero, fmt.Errorf("%s did not finish within %s", what, callTimeout)
	}
}

func (s *session) rpc() bool {
	for _, f := range s.p.Options.CompatibilityFlags {
		switch f {
		case "rpc":
			return true
		case "no_rpc":
			return false
		}
	}
	return s.p.Options.CompatibilityDate == "" || s.p.Options.CompatibilityDate >= "2024-04-03"
}

// call runs a method of the object. When the compatibility settings leave
// RPC off, the Worker could not call it through a stub, but the checks do
// not ask that (rpccompat reports it): they ask what the method does once
// it runs, to its results, storage and alarms, and that does not depend on
// how it was reached. So the method is run on the object regardless, in
// the object's own isolate as RPC would run it, and the session notes it
// for the verdict.
func (s *session) call(binding, object, method string, args []any) (any, error) {
	opts := sandbox.CallOptions{}
	if !s.rpc() {
		opts.IgnoreRPCGate = true
		s.mu.Lock()
		s.direct = true
		s.mu.Unlock()
	}
	return withTimeout(method+"()", func() (any, error) { return s.rt.CallWith(binding, object, method, opts, args...) })
}

// directNote says, for a verdict, that methods were called past the RPC
// gate; "" when they were not.
func (s *session) directNote() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.direct {
		return ""
	}
	return fmt.Sprintf(" (called directly: compatibility_date %s predates RPC)", s.p.Options.CompatibilityDate)
}

// fetch sends a GET to the object's fetch handler and returns status and body.
func (s *session) fetch(binding, object string) (string, error) {
	return withTimeout("fetch()", func() (string, error) {
		res, err := s.rt.FetchObject(binding, object, httptest.NewRequest("GET", "http://dolint.invalid/", nil))
		if res == nil {
			return "", err
		}
		b, _ := io.ReadAll(res.Body)
		return fmt.Sprintf("%d %s", res.StatusCode, b), err
	})
}

// invoke runs a member the way its kind allows: fetch and the constructor
// through a request, other methods over RPC with args.
func (s *session) invoke(binding, object string, m *member, args []any) (any, error) {
	switch m.Name {
	case "fetch", "constructor":
		return s.fetch(binding, object)
	}
	return s.call(binding, object, m.Name, args)
}

// outcome is a call's result or error as comparable text.
func outcome(v any, err error) string {
	if err != nil {
		var se *sandbox.ScriptError
		if errors.As(err, &se) {
			return "throws " + brief(se)
		}
		return "fails: " + brief(err)
	}
	return "returns " + show(v)
}

// show renders an exported JavaScript value deterministically.
func show(v any) string {
	var b strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case nil:
			b.WriteString("null")
		case string:
			fmt.Fprintf(&b, "%q", x)
		case []any:
			b.WriteByte('[')
			for i, e := range x {
				if i > 0 {
					b.WriteString(", ")
				}
				walk(e)
			}
			b.WriteByte(']')
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			b.WriteByte('{')
			for i, k := range keys {
				if i > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "%s: ", k)
				walk(x[k])
			}
			b.WriteByte('}')
		default:
			rv := reflect.ValueOf(v)
			if rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() != reflect.Uint8 {
				b.WriteByte('[')
				for i := 0; i < rv.Len(); i++ {
					if i > 0 {
						b.WriteString(", ")
					}
					walk(rv.Index(i).Interface())
				}
				b.WriteByte(']')
				return
			}
			fmt.Fprintf(&b, "%v", v)
		}
	}
	walk(v)
	return b.String()
}

// showArgs renders an argument list as a call would be written.
func showArgs(args []any) string {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = show(a)
	}
	return strings.Join(parts, ", ")
}

// wsRequest is a WebSocket upgrade request to an object, at the path the
// check found the object accepts one on ("/" unless found otherwise).
func (s *session) wsRequest() *http.Request { return wsRequestAt(s.ws.path) }

func wsRequestAt(path string) *http.Request {
	if path == "" {
		path = "/"
	}
	req := httptest.NewRequest("GET", "http://dolint.invalid"+path, nil)
	req.Header.Set("Upgrade", "websocket")
	req.Header.Set("Connection", "Upgrade")
	req.Header.Set("Sec-WebSocket-Version", "13")
	return req
}

// brief shortens an error to its first sentence when it is long: workerd's
// messages run to several sentences of advice.
func brief(err error) string {
	if err == nil {
		return "no error"
	}
	msg := err.Error()
	if len(msg) <= 120 {
		return msg
	}
	if i := strings.Index(msg, ". "); i > 0 {
		return msg[:i+1] + " …"
	}
	return msg
}
