package sandbox

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
	"time"

	"github.com/dop251/goja"

	"github.com/dolint-dev/dolint/sandbox/internal/clone"
)

// Event reports a Durable Object handler that settled, for callers that
// check what a project does rather than what it answers: that an alarm ran,
// that a WebSocket message reached webSocketMessage after hibernation, that
// a class constructed.
type Event struct {
	Binding string
	Object  string // the object's hex ID
	// Handler is "constructor", "fetch", "rpc", "alarm", "webSocketMessage",
	// "webSocketClose" or "webSocketError".
	Handler string
	Method  string // the RPC method
	// Err is what the handler threw, or why it could not run (a failed
	// constructor fails every event delivered to that instance).
	Err *ScriptError
	// At is the runtime's clock when the handler settled.
	At time.Time
	// EnvBound is set on constructor events of classes that extend
	// DurableObject: whether this.env is the env the runtime passed to
	// the constructor, as super(ctx, env) makes it.
	EnvBound bool
}

func (rt *Runtime) event(ev Event) {
	if rt.opts.OnEvent != nil {
		ev.At = rt.clock.Now()
		rt.opts.OnEvent(ev)
	}
}

var handlerNames = map[evKind]string{evFetch: "fetch", evRPC: "rpc", evAlarm: "alarm",
	evWSMessage: "webSocketMessage", evWSClose: "webSocketClose", evWSError: "webSocketError"}

// reportEvent makes ev's reply also report the handler's outcome.
func (a *actor) reportEvent(ev *event) {
	rt := a.rec.ns.rt
	if rt.opts.OnEvent == nil {
		return
	}
	reply := ev.reply
	ev.reply = func(m *httpMsg, b []byte, se *ScriptError) {
		rt.event(Event{Binding: a.rec.ns.binding, Object: a.rec.hex, Handler: handlerNames[ev.kind], Method: ev.method, Err: se})
		if reply != nil {
			reply(m, b, se)
		}
	}
}

// object returns the record of the object idFromName(name) names in binding.
func (rt *Runtime) object(binding, name string) (*record, error) {
	ns := rt.namespaces[binding]
	if ns == nil {
		return nil, fmt.Errorf("sandbox: no Durable Object binding %q", binding)
	}
	return ns.record(ns.idFromName(name), name)
}

// FetchObject sends req straight to the fetch handler of the object that
// env[binding].getByName(name) reaches, bypassing the Worker. When the
// object throws, the response is a 500 and the error is returned as a
// *ScriptError too.
func (rt *Runtime) FetchObject(binding, name string, req *http.Request) (*http.Response, error) {
	res, serr, err := rt.fetchObjectMsg(binding, name, req)
	if err != nil {
		return nil, err
	}
	if serr != nil {
		return errorResponse(req, serr), serr
	}
	return res.toHTTP(req), nil
}

func (rt *Runtime) fetchObjectMsg(binding, name string, req *http.Request) (*httpMsg, *ScriptError, error) {
	msg, err := requestFromHTTP(req)
	if err != nil {
		return nil, nil, err
	}
	rec, err := rt.object(binding, name)
	if err != nil {
		return nil, nil, err
	}
	type result struct {
		res *httpMsg
		se  *ScriptError
	}
	ch := make(chan result, 1)
	rec.deliver(&event{kind: evFetch, req: msg, reply: func(res *httpMsg, _ []byte, se *ScriptError) { ch <- result{res, se} }})
	r := <-ch
	return r.res, r.se, nil
}

func errorResponse(req *http.Request, se *ScriptError) *http.Response {
	body := se.Error() + "\n"
	return &http.Response{
		StatusCode: 500, Status: "500 Internal Server Error", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"text/plain;charset=UTF-8"}},
		Body:          newBody([]byte(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}
}

// ConnectObjectWebSocket is ConnectWebSocket for one object's fetch handler,
// as FetchObject reaches it.
func (rt *Runtime) ConnectObjectWebSocket(binding, name string, req *http.Request) (*WebSocketConn, *http.Response, error) {
	res, serr, err := rt.fetchObjectMsg(binding, name, req)
	if err != nil {
		return nil, nil, err
	}
	if serr != nil {
		return nil, nil, serr
	}
	return clientConn(res, req)
}

// Call invokes an RPC method on the object that env[binding].getByName(name)
// reaches, as `await stub[method](...args)` in the Worker would, and returns
// the result exported to Go values (goja's Value.Export). Arguments may be
// nil, bool, string, float64, int, []any and map[string]any, nested. Errors
// are *ScriptError, with Remote set for errors the method threw; before the
// rpc compatibility date every call fails as a stub call would.
func (rt *Runtime) Call(binding, name, method string, args ...any) (any, error) {
	return rt.CallWith(binding, name, method, CallOptions{}, args...)
}

// CallOptions adjust CallWith.
type CallOptions struct {
	// IgnoreRPCGate delivers the call even when the compatibility settings
	// leave RPC off (a date before 2024-04-03 without the rpc flag), where
	// a stub has no methods and Call fails. The method then runs exactly as
	// an RPC call would run it: on the same instance, in its input gate,
	// with cloned arguments and results and the same errors. Only the
	// Worker's side is skipped, so use it to ask what a method does, not
	// whether a Worker on that date could call it.
	IgnoreRPCGate bool
}

// CallWith is Call with options.
func (rt *Runtime) CallWith(binding, name, method string, o CallOptions, args ...any) (any, error) {
	rec, err := rt.object(binding, name)
	if err != nil {
		return nil, err
	}
	if !rt.compat.rpc && !o.IgnoreRPCGate {
		return nil, &ScriptError{Name: "TypeError", Message: fmt.Sprintf("stub.%s is not a function", method)}
	}
	w, err := rt.workerIsolate()
	if err != nil {
		return nil, err
	}
	// Arguments and results go through the structured clone, as between
	// isolates; the Worker's isolate does the converting.
	type result struct {
		v   any
		err error
	}
	ch := make(chan result, 1)
	var payload []byte
	var cerr error
	if !w.loop.Post(func() {
		vals := make([]any, len(args))
		for i, a := range args {
			vals[i] = jsValue(w.vm, a)
		}
		payload, cerr = w.host.Cloner.Serialize(w.vm.NewArray(vals...), clone.Options{RejectClassInstances: true})
		ch <- result{}
	}, false) {
		return nil, errors.New("sandbox: the Worker has stopped")
	}
	<-ch
	if cerr != nil {
		return nil, &ScriptError{Name: "DataCloneError", Message: cerr.Error(), DataClone: true}
	}
	rec.deliver(&event{kind: evRPC, method: method, args: payload, reply: func(_ *httpMsg, val []byte, se *ScriptError) {
		if se != nil {
			ch <- result{err: se}
			return
		}
		// The reply runs on the object's loop, which must not wait for
		// the Worker's.
		w.postOr(func() {
			v, refs, err := w.rpcIn(val)
			if err != nil {
				ch <- result{err: err}
				return
			}
			// Go cannot call back what the method returned.
			w.disposeAll(refs)
			ch <- result{v: v.Export()}
		}, false, func() { ch <- result{err: errors.New("sandbox: the Worker has stopped")} })
	}})
	r := <-ch
	return r.v, r.err
}

// jsValue builds a plain JavaScript value (real arrays and objects, not
// wrapped Go values) from a Go value.
func jsValue(vm *goja.Runtime, v any) goja.Value {
	switch x := v.(type) {
	case nil:
		return goja.Null()
	case []any:
		items := make([]any, len(x))
		for i, e := range x {
			items[i] = jsValue(vm, e)
		}
		return vm.NewArray(items...)
	case map[string]any:
		o := vm.NewObject()
		for k, e := range x {
			o.Set(k, jsValue(vm, e))
		}
		return o
	case int:
		return vm.ToValue(float64(x))
	}
	return vm.ToValue(v)
}

// Alarm returns the time of the object's scheduled alarm (a retry
// included), as the runtime's scheduler holds it.
func (rt *Runtime) Alarm(binding, name string) (time.Time, bool, error) {
	rec, err := rt.object(binding, name)
	if err != nil {
		return time.Time{}, false, err
	}
	rt.alarms.mu.Lock()
	defer rt.alarms.mu.Unlock()
	e, ok := rt.alarms.entries[rec]
	return e.at, ok, nil
}

// Exports lists the names the Worker's main module exports, sorted; a
// deploy checks bound and migrated classes against them.
func (rt *Runtime) Exports() ([]string, error) {
	w, err := rt.workerIsolate()
	if err != nil {
		return nil, err
	}
	ch := make(chan []string, 1)
	if !w.loop.Post(func() { ch <- w.exports.Keys() }, false) {
		return nil, errors.New("sandbox: the Worker has stopped")
	}
	select {
	case names := <-ch:
		sort.Strings(names)
		return names, nil
	case <-w.loop.Done():
		return nil, limitScriptError(w.loop.Fatal())
	}
}
