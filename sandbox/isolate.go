package sandbox

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"

	"github.com/dolint-dev/dolint/sandbox/internal/clone"
	"github.com/dolint-dev/dolint/sandbox/internal/jsrt"
)

//go:embed workers.js
var workersSrc string

var (
	workersOnce sync.Once
	workersProg *goja.Program
)

const helpersJS = `(function () {
  return {
    then(v, ok, fail) { Promise.resolve(v).then(ok, fail); },
    isPromise(v) { return v instanceof Promise; },
  };
})()`

// isolate is one goja runtime with its event loop: the Worker's, or one
// Durable Object instance's.
type isolate struct {
	rt      *Runtime
	loop    *jsrt.Loop
	host    *jsrt.Host
	vm      *goja.Runtime
	do      *goja.Object
	workers *goja.Object
	exports *goja.Object
	env     *goja.Object
	actor   *actor
	partsFn goja.Callable
	thenFn  goja.Callable
	label   string
	// started is set, on the loop goroutine, once init has succeeded.
	started bool
	// inbox carries tasks from other loops and goroutines that must not
	// wait for this loop (see mailbox).
	inbox *mailbox[loopTask]

	wsObjs map[*wsEnd]*goja.Object
	// stubs are the live RPC stubs this isolate holds, by handle
	// (stubs.go).
	stubs    map[int64]*stubRef
	nextStub int64
	// calls counts the events in flight and their subrequests (limits.go).
	calls callState
}

func (rt *Runtime) newIsolate(a *actor) (*isolate, error) {
	loop := jsrt.NewLoop(jsrt.Limits{CPU: rt.opts.Limits.CPU, MaxCallStack: rt.opts.Limits.MaxCallStack, Memory: rt.memory, MaxNesting: rt.opts.Limits.MaxNesting})
	iso := &isolate{rt: rt, loop: loop, vm: loop.VM, actor: a, wsObjs: map[*wsEnd]*goja.Object{}}
	iso.inbox = newMailbox(iso.forward)
	if a != nil {
		iso.label = a.rec.ns.binding + ":" + a.rec.hex
		// Set before the first task is posted: the channel send orders these
		// writes before the loop goroutine reads them.
		a.iso = iso
		loop.OnTurnEnd = a.turnEnd
		loop.OnFatal = func(err error) {
			// A limit hit while the isolate starts fails the start, which
			// newIsolate reports; there is no instance to reset yet, and
			// acquire holds the record's lock meanwhile.
			if iso.started {
				a.reset(limitScriptError(err))
			}
		}
	} else {
		// A limit ended the Worker: drop it now, not when the next request
		// replaces it, so that the heap it filled is free for what runs
		// meanwhile. Not on this goroutine: rt.mu may be held by
		// workerIsolate, waiting for this loop to start.
		loop.OnFatal = func(error) { go rt.forgetWorker(iso) }
	}
	errc := make(chan error, 1)
	loop.PostBounded(func() {
		err := iso.init()
		rt.noteStartup(loop.TaskCPU())
		errc <- err
	}, rt.opts.Limits.StartupCPU)
	select {
	case err := <-errc:
		if err != nil {
			loop.Stop()
			return nil, err
		}
		return iso, nil
	case <-loop.Done():
		select {
		case err := <-errc:
			if err != nil {
				return nil, err
			}
		default:
		}
		if errors.Is(loop.Fatal(), jsrt.ErrCPU) {
			rt.noteStartup(rt.opts.Limits.StartupCPU)
		}
		return nil, limitScriptError(loop.Fatal())
	}
}

func (iso *isolate) dead() bool {
	select {
	case <-iso.loop.Done():
		return true
	default:
		return false
	}
}

func (iso *isolate) shutdown() {
	if iso.host != nil {
		iso.host.StopTimers()
	}
	iso.loop.Kill(jsrt.ErrStopped)
}

// check turns a goja error into a script error, aborting the task for
// limit errors (which end the isolate).
func (iso *isolate) check(err error) *ScriptError {
	if err == nil {
		return nil
	}
	if lim := jsrt.Check(err); lim != nil {
		jsrt.Abort(lim)
	}
	if ex, ok := err.(*goja.Exception); ok {
		return iso.scriptError(ex.Value())
	}
	return &ScriptError{Name: "Error", Message: err.Error()}
}

func (iso *isolate) init() error {
	vm := iso.vm
	rt := iso.rt
	host, err := jsrt.Install(iso.loop, jsrt.Env{
		Log: func(level, msg string) {
			if level == "trace" {
				level = "debug"
			}
			rt.log(level, msg, iso.label)
		},
		Now: rt.clock.Now,
		// Startup is the evaluation of the module graph, which init runs
		// before it sets started; constructors and handlers come later.
		CodegenAllowed: func() bool { return rt.compat.evalAtStartup && !iso.started },
		Compat: map[string]bool{
			"set_event_target_this":       rt.compat.eventTargetThis,
			"http_headers_getsetcookie":   rt.compat.getSetCookie,
			"upper_case_all_http_methods": rt.compat.upperCaseMethods,
		},
	})
	if err != nil {
		return err
	}
	iso.host = host
	host.Cloner.ErrorProperties = rt.compat.enhancedErrors
	if !rt.compat.globalNavigator {
		vm.GlobalObject().Delete("navigator")
	}
	h, err := vm.RunString(helpersJS)
	if err != nil {
		return err
	}
	iso.thenFn, _ = goja.AssertFunction(h.ToObject(vm).Get("then"))
	p, err := vm.RunString(partsJS)
	if err != nil {
		return err
	}
	iso.partsFn, _ = goja.AssertFunction(p)

	do := vm.NewObject()
	iso.do = do
	do.Set("rpcEnabled", rt.compat.rpc)
	do.Set("doneHasValue", rt.compat.doneHasValue)
	do.Set("closeReasonLimit", rt.compat.closeReasonLimit)
	do.Set("captureAsyncThrows", rt.compat.captureAsyncThrows)
	do.Set("standardBinaryType", rt.compat.standardBinaryType)
	do.Set("doFetchFullURL", rt.compat.doFetchFullURL)
	do.Set("setToStringTag", rt.compat.setToStringTag)
	do.Set("weakRef", rt.compat.weakRef)
	do.Set("navigatorLanguage", rt.compat.navigatorLanguage)
	do.Set("importableEnv", rt.compat.importableEnv)
	do.Set("sqlite", iso.actor != nil && iso.actor.rec.ns.sqlite)
	do.Set("msgSyncKV", msgSyncKV)
	iso.installNamespaceNatives(do)
	iso.installWebSocketNatives(do)
	iso.installCacheNatives(do)
	iso.installCompressionNatives(do)
	iso.installStubNatives(do)
	if iso.actor != nil {
		iso.actor.installStorageNatives(iso, do)
	}
	vm.Set("__do", do)
	workersOnce.Do(func() { workersProg = goja.MustCompile("workers.js", workersSrc, true) })
	if _, err := vm.RunProgram(workersProg); err != nil {
		return err
	}
	vm.GlobalObject().Delete("__do")
	if err := iso.installNodeCompat(); err != nil {
		return err
	}
	if err := iso.installStreams(); err != nil {
		return err
	}
	iso.workers = vm.Get("__workers").ToObject(vm)
	vm.Set("fetch", iso.outboundFetch)

	env := vm.NewObject()
	keys := make([]string, 0, len(rt.opts.Vars))
	for k := range rt.opts.Vars {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		env.Set(k, vm.ToValue(jsonish(vm, rt.opts.Vars[k])))
	}
	nsCtor := iso.workers.Get("DurableObjectNamespace")
	for _, b := range rt.opts.Bindings {
		ns, err := vm.New(nsCtor, vm.ToValue(b.Name))
		if err != nil {
			return err
		}
		env.Set(b.Name, ns)
	}
	iso.installFetchBindings(env)
	iso.installStandIns(do, env)
	iso.env = env
	do.Set("env", env)

	fnv, err := vm.RunProgram(rt.prog)
	if err != nil {
		return iso.startupError(err)
	}
	fn, _ := goja.AssertFunction(fnv)
	module := vm.NewObject()
	exports := vm.NewObject()
	module.Set("exports", exports)
	if _, err := fn(goja.Undefined(), vm.Get("__require"), module, exports); err != nil {
		return iso.startupError(err)
	}
	if err := iso.settleTopLevel(module); err != nil {
		return err
	}
	iso.exports = module.Get("exports").ToObject(vm)
	iso.started = true
	return nil
}

func (iso *isolate) startupError(err error) error {
	if lim := jsrt.Check(err); lim != nil {
		jsrt.Abort(lim)
	}
	if ex, ok := err.(*goja.Exception); ok {
		se := iso.scriptError(ex.Value())
		return fmt.Errorf("sandbox: Uncaught %s: %s", se.Name, se.Message)
	}
	return err
}

// jsonish converts configuration values (maps, slices, scalars) to plain
// JavaScript values rather than Go-backed wrappers.
func jsonish(vm *goja.Runtime, v any) any {
	switch x := v.(type) {
	case map[string]any:
		o := vm.NewObject()
		for k, e := range x {
			o.Set(k, jsonish(vm, e))
		}
		return o
	case []any:
		items := make([]any, len(x))
		for i, e := range x {
			items[i] = jsonish(vm, e)
		}
		return vm.NewArray(items...)
	}
	return v
}

func (iso *isolate) checkClass(name string) error {
	errc := make(chan error, 1)
	iso.loop.Post(func() {
		cls, ok := goja.AssertConstructor(iso.exports.Get(name))
		_ = cls
		if !ok {
			errc <- fmt.Errorf("sandbox: Durable Object class %q is not exported from the Worker's main module", name)
			return
		}
		errc <- nil
	}, false)
	select {
	case err := <-errc:
		return err
	case <-iso.loop.Done():
		return limitScriptError(iso.loop.Fatal())
	}
}

// then runs ok or fail when v (a value or promise) settles.
func (iso *isolate) then(v goja.Value, ok func(goja.Value), fail func(goja.Value)) {
	okFn := iso.vm.ToValue(func(c goja.FunctionCall) goja.Value { ok(c.Argument(0)); return goja.Undefined() })
	failFn := iso.vm.ToValue(func(c goja.FunctionCall) goja.Value { fail(c.Argument(0)); return goja.Undefined() })
	if _, err := iso.thenFn(goja.Undefined(), v, okFn, failFn); err != nil {
		iso.check(err)
	}
}

func (iso *isolate) scriptError(v goja.Value) *ScriptError {
	se := &ScriptError{Name: "Error"}
	o, ok := v.(*goja.Object)
	if !ok {
		if v == nil {
			se.Message = "undefined"
		} else {
			se.Message = v.String()
		}
		return se
	}
	vm := iso.vm
	if !vm.InstanceOf(o, vm.Get("Error").ToObject(vm)) {
		// V8 describes a thrown non-error object by its constructor.
		ctor := "Object"
		if c, ok := o.Get("constructor").(*goja.Object); ok {
			if n := c.Get("name"); n != nil && n.String() != "" {
				ctor = n.String()
			}
		}
		se.Message = "#<" + ctor + ">"
		return se
	}
	if n := o.Get("name"); n != nil && !goja.IsUndefined(n) {
		se.Name = n.String()
	}
	if m := o.Get("message"); m != nil && !goja.IsUndefined(m) {
		se.Message = m.String()
	} else {
		se.Message = o.String()
	}
	if s := o.Get("stack"); s != nil && !goja.IsUndefined(s) {
		se.Stack = s.String()
	}
	if r := o.Get("remote"); r != nil && r.ToBoolean() {
		se.Remote = true
	}
	se.DataClone = se.Name == "DataCloneError"
	if d, ok := vm.Get("DOMException").(*goja.Object); ok && vm.InstanceOf(o, d) {
		se.dom = true
	}
	if iso.rt.compat.enhancedErrors && !se.dom {
		// The error crosses to the catching isolate whole, own properties
		// and all; one that cannot be cloned goes by name and message.
		if b, err := iso.host.Cloner.Serialize(o, clone.Options{}); err == nil {
			se.clone = b
		}
	}
	return se
}

var errorClasses = map[string]bool{"Error": true, "TypeError": true, "RangeError": true, "SyntaxError": true,
	"ReferenceError": true, "EvalError": true, "URIError": true, "AggregateError": true}

// tunneled is se as the caller of another object sees it. workerd carries an
// exception across as its class name and message: the built-in error
// classes and DOMException keep their identity, any other name becomes part
// of a plain Error's message ("MyError: custom").
func tunneled(se *ScriptError) *ScriptError {
	out := *se
	out.Remote = true
	if se.DataClone || se.dom || errorClasses[se.Name] {
		return &out
	}
	out.Name = "Error"
	out.Message = se.Name
	if se.Message != "" {
		out.Message += ": " + se.Message
	}
	return &out
}

// jsError recreates a script error in this isolate.
func (iso *isolate) jsError(se *ScriptError, remote bool) goja.Value {
	vm := iso.vm
	if se.clone != nil {
		if v, err := iso.host.Cloner.Deserialize(se.clone); err == nil {
			if o, ok := v.(*goja.Object); ok {
				if remote || se.Remote {
					o.Set("remote", true)
				}
				return o
			}
		}
	}
	var o *goja.Object
	var err error
	switch {
	case se.DataClone:
		o = iso.host.DOMException(se.Message, "DataCloneError")
	case se.dom:
		o = iso.host.DOMException(se.Message, se.Name)
	case errorClasses[se.Name]:
		if se.Name == "AggregateError" {
			o, err = vm.New(vm.Get(se.Name), vm.NewArray(), vm.ToValue(se.Message))
		} else {
			o, err = vm.New(vm.Get(se.Name), vm.ToValue(se.Message))
		}
	default:
		o, err = vm.New(vm.Get("Error"), vm.ToValue(se.Message))
		if err == nil {
			o.Set("name", se.Name)
		}
	}
	if err != nil {
		return vm.ToValue(se.Error())
	}
	if remote || se.Remote {
		o.Set("remote", true)
	}
	return o
}

func (iso *isolate) throw(name, msg string) {
	panic(iso.jsError(&ScriptError{Name: name, Message: msg}, false))
}

// promise returns a new promise and settle functions that may be called
// from any goroutine, another isolate's loop or this one included: they
// post to the loop without waiting for room in its queue.
// settleRPC settles the promise of an RPC call with what the callee gave:
// its error, marked as remote, or its value, whose stubs the caller now
// owns.
func (iso *isolate) settleRPC(resolve, reject func(func() goja.Value), val []byte, se *ScriptError) {
	if se != nil {
		reject(func() goja.Value { return iso.jsError(tunneled(se), true) })
		return
	}
	resolve(func() goja.Value {
		v, refs, err := iso.rpcIn(val)
		if err != nil {
			return iso.jsError(&ScriptError{Name: "Error", Message: err.Error()}, false)
		}
		iso.ownStubs(v, refs)
		return v
	})
}

func (iso *isolate) promise() (goja.Value, func(func() goja.Value), func(func() goja.Value)) {
	p, resolve, reject := iso.vm.NewPromise()
	res := func(f func() goja.Value) {
		iso.post(func() { resolve(f()) }, false)
	}
	rej := func(f func() goja.Value) {
		iso.post(func() { reject(f()) }, false)
	}
	return iso.vm.ToValue(p), res, rej
}

func (iso *isolate) installNamespaceNatives(do *goja.Object) {
	vm := iso.vm
	rt := iso.rt
	nsOf := func(v goja.Value) *namespace { return rt.namespaces[v.String()] }
	do.Set("idFromName", func(c goja.FunctionCall) goja.Value {
		return vm.ToValue(nsOf(c.Argument(0)).idFromName(c.Argument(1).String()))
	})
	do.Set("newUniqueId", func(c goja.FunctionCall) goja.Value {
		return vm.ToValue(nsOf(c.Argument(0)).newUniqueID())
	})
	do.Set("checkId", func(c goja.FunctionCall) goja.Value {
		if _, err := nsOf(c.Argument(0)).checkID(c.Argument(1).String()); err != nil {
			iso.throw("TypeError", err.Error())
		}
		return goja.Undefined()
	})
	do.Set("stubFetch", func(c goja.FunctionCall) goja.Value {
		ns := nsOf(c.Argument(0))
		hexID, name := c.Argument(1).String(), optString(c.Argument(2))
		msg, err := iso.parts(c.Argument(3))
		if se := iso.check(err); se != nil {
			panic(iso.jsError(se, false))
		}
		msg.Depth = iso.subrequest()
		p, resolve, reject := iso.promise()
		rec, rerr := ns.record(hexID, name)
		if rerr != nil {
			reject(func() goja.Value { return iso.jsError(&ScriptError{Name: "Error", Message: rerr.Error()}, false) })
			return p
		}
		rec.deliver(&event{kind: evFetch, req: msg, reply: func(res *httpMsg, _ []byte, se *ScriptError) {
			if se != nil {
				reject(func() goja.Value { return iso.jsError(tunneled(se), true) })
				return
			}
			resolve(func() goja.Value {
				v, err := iso.jsResponse(res)
				if err != nil {
					return iso.jsError(&ScriptError{Name: "Error", Message: err.Error()}, false)
				}
				return v
			})
		}})
		return p
	})
	do.Set("rpc", func(c goja.FunctionCall) goja.Value {
		ns := nsOf(c.Argument(0))
		hexID, name := c.Argument(1).String(), optString(c.Argument(2))
		method := c.Argument(3).String()
		isGet := c.Argument(5).ToBoolean()
		depth := iso.subrequest()
		p, resolve, reject := iso.promise()
		args, err := iso.rpcArgs(c.Argument(4))
		if err != nil {
			reject(func() goja.Value { return iso.host.CloneError(err) })
			return p
		}
		rec, rerr := ns.record(hexID, name)
		if rerr != nil {
			reject(func() goja.Value { return iso.jsError(&ScriptError{Name: "Error", Message: rerr.Error()}, false) })
			return p
		}
		rec.deliver(&event{kind: evRPC, method: method, args: args, isGet: isGet, depth: depth, reply: func(_ *httpMsg, val []byte, se *ScriptError) {
			if se != nil && se.reset {
				reject(func() goja.Value { return iso.jsError(se, false) })
				return
			}
			iso.settleRPC(resolve, reject, val, se)
		}})
		return p
	})
	do.Set("waitUntil", func(c goja.FunctionCall) goja.Value {
		iso.then(c.Argument(0), func(goja.Value) {}, func(v goja.Value) {
			iso.host.Uncaught(&goja.Exception{})
			rt.log("error", "Uncaught (in waitUntil) "+iso.describe(v), iso.label)
		})
		return goja.Undefined()
	})
}

func (iso *isolate) describe(v goja.Value) string {
	se := iso.scriptError(v)
	return se.Name + ": " + se.Message
}

func optString(v goja.Value) string {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return ""
	}
	return v.String()
}

// handleFetch runs the Worker's fetch handler for m.
func (iso *isolate) handleFetch(m *httpMsg, reply func(*httpMsg, *ScriptError)) {
	vm := iso.vm
	end := iso.beginEvent(m.Depth)
	reply0 := reply
	reply = func(res *httpMsg, se *ScriptError) { end(); reply0(res, se) }
	fail := func(se *ScriptError) {
		iso.rt.log("error", "Uncaught "+se.Error(), iso.label)
		reply(nil, se)
	}
	req, err := iso.jsRequest(m)
	if se := iso.check(err); se != nil {
		fail(se)
		return
	}
	ctx, _ := vm.New(iso.workers.Get("ExecutionContext"))
	def := iso.exports.Get("default")
	var recv *goja.Object
	var args []goja.Value
	if ctor, ok := goja.AssertConstructor(def); ok && isClass(vm, def) {
		obj, err := ctor(nil, ctx, iso.env)
		if se := iso.check(err); se != nil {
			fail(se)
			return
		}
		recv, args = obj, []goja.Value{req}
	} else if o, ok := def.(*goja.Object); ok {
		recv, args = o, []goja.Value{req, iso.env, ctx}
	}
	if recv == nil {
		fail(&ScriptError{Name: "Error", Message: "The Worker's main module has no default export with a fetch() handler."})
		return
	}
	fn, ok := goja.AssertFunction(recv.Get("fetch"))
	if !ok {
		fail(&ScriptError{Name: "TypeError", Message: "Handler does not export a fetch() function."})
		return
	}
	res, err := fn(recv, args...)
	if se := iso.check(err); se != nil {
		fail(se)
		return
	}
	iso.then(res, func(v goja.Value) {
		msg, err := iso.responseParts(v)
		if err != nil {
			fail(err)
			return
		}
		reply(msg, nil)
	}, func(v goja.Value) { fail(iso.scriptError(v)) })
}

func (iso *isolate) responseParts(v goja.Value) (*httpMsg, *ScriptError) {
	o, ok := v.(*goja.Object)
	if !ok || !iso.vm.InstanceOf(o, iso.vm.Get("Response").ToObject(iso.vm)) {
		return nil, &ScriptError{Name: "TypeError", Message: "Incorrect type for Promise: the Promise did not resolve to 'Response'."}
	}
	msg, err := iso.parts(v)
	if se := iso.check(err); se != nil {
		return nil, se
	}
	return msg, nil
}

func isClass(vm *goja.Runtime, v goja.Value) bool {
	o, ok := v.(*goja.Object)
	if !ok {
		return false
	}
	s := o.String()
	return strings.HasPrefix(s, "class")
}

// fetchRequest makes the request a fetch(input, init) call describes, as
// new Request(input, init) does, throwing its errors into the script.
func (iso *isolate) fetchRequest(c goja.FunctionCall) *httpMsg {
	vm := iso.vm
	req, err := vm.New(vm.Get("Request"), c.Arguments...)
	if err != nil {
		if ex, ok := err.(*goja.Exception); ok {
			panic(ex.Value())
		}
		panic(err)
	}
	msg, err := iso.parts(req)
	if se := iso.check(err); se != nil {
		panic(iso.jsError(se, false))
	}
	return msg
}

// outboundFetch is the global fetch(): only allowlisted loopback origins.
func (iso *isolate) outboundFetch(c goja.FunctionCall) goja.Value {
	msg := iso.fetchRequest(c)
	p, resolve, reject := iso.promise()
	if !iso.rt.allowed(msg.URL) && iso.rt.opts.StubFetch != nil {
		iso.stubFetch(msg, resolve)
		return p
	}
	if !iso.rt.allowed(msg.URL) {
		u := msg.URL
		reject(func() goja.Value {
			return iso.jsError(&ScriptError{Name: "TypeError", Message: "Network access is disabled in the sandbox: fetch(" + u + ") is not in the outbound allowlist."}, false)
		})
		return p
	}
	// Only fetches that go out count: a refused one costs nothing.
	depth := iso.subrequest()
	go func() {
		hreq, err := http.NewRequest(msg.Method, msg.URL, strings.NewReader(string(msg.Body)))
		if err != nil {
			reject(func() goja.Value { return iso.jsError(&ScriptError{Name: "TypeError", Message: err.Error()}, false) })
			return
		}
		for _, kv := range msg.Header {
			// The client's address stays with the request it came on,
			// as wrangler dev strips it from the Worker's subrequests.
			if !strings.EqualFold(kv[0], "CF-Connecting-IP") {
				hreq.Header.Add(kv[0], kv[1])
			}
		}
		hreq.Header.Set(depthHeader, strconv.Itoa(depth))
		if h := iso.rt.opts.FetchHeader; h[0] != "" {
			hreq.Header.Set(h[0], h[1])
		}
		client := &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(r *http.Request, _ []*http.Request) error {
			if !iso.rt.allowed(r.URL.String()) {
				return errors.New("redirect outside the outbound allowlist")
			}
			return nil
		}}
		hres, err := client.Do(hreq)
		if err != nil {
			reject(func() goja.Value {
				return iso.jsError(&ScriptError{Name: "TypeError", Message: "fetch failed: " + err.Error()}, false)
			})
			return
		}
		body, _ := io.ReadAll(io.LimitReader(hres.Body, 32<<20))
		hres.Body.Close()
		res := &httpMsg{Status: hres.StatusCode, Body: body, HasBody: true}
		for k, vs := range hres.Header {
			for _, v := range vs {
				res.Header = append(res.Header, [2]string{k, v})
			}
		}
		resolve(func() goja.Value {
			v, err := iso.jsResponse(res)
			if err != nil {
				return iso.jsError(&ScriptError{Name: "Error", Message: err.Error()}, false)
			}
			return v
		})
	}()
	return p
}

// allowed reports whether outbound fetch may reach raw: its origin must be
// in the allowlist and its host a loopback address.
func (rt *Runtime) allowed(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	h := u.Hostname()
	if h != "localhost" && h != "127.0.0.1" && h != "::1" {
		return false
	}
	origin := u.Scheme + "://" + u.Host
	for _, a := range rt.opts.AllowFetch {
		if strings.TrimSuffix(a, "/") == origin {
			return true
		}
	}
	return false
}
