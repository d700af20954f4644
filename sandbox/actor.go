package sandbox

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/dop251/goja"

	"github.com/dolint-dev/dolint/sandbox/internal/jsrt"
	"github.com/dolint-dev/dolint/sandbox/internal/store"
)

const (
	msgSyncKV     = "The storage.kv (synchronous KV) API is only available for SQLite-backed Durable Objects, but this object's namespace is not declared to use SQLite. You can use the older, asyncronous interface via methods of `storage` itself (e.g. `storage.get()`). Alternatively, to enable SQLite, change `new_classes` to `new_sqlite_classes` within the 'migrations' field in your wrangler.jsonc or wrangler.toml file. If using workerd directly, set `enableSql = true` in your workerd config for the class. Note that this change cannot be made after the class is already deployed to production."
	msgNoSQL      = "SQL is not enabled for this Durable Object class. To enable it, change `new_classes` to `new_sqlite_classes` within the 'migrations' field in your wrangler.jsonc or wrangler.toml file. If using workerd directly,set `enableSql = true` in your workerd config for the class. Note that this change cannot be made after the class is already deployed to production."
	msgLegacyRPC  = "The receiving Durable Object does not support RPC, because its class was not declared with `extends DurableObject`. In order to enable RPC, make sure your class extends the special class `DurableObject`, which can be imported from the module \"cloudflare:workers\"."
	msgAbort      = "Application called abort() to reset Durable Object."
	msgNoAlarm    = "Your Durable Object class must have an alarm() handler in order to call setAlarm()"
	msgBCWTimeout = "A call to blockConcurrencyWhile() in a Durable Object waited for too long. The call was canceled and the Durable Object was reset."
)

var reservedMethods = map[string]bool{"fetch": true, "connect": true, "alarm": true, "webSocketMessage": true,
	"webSocketClose": true, "webSocketError": true, "dup": true, "constructor": true}

type evKind int

const (
	evFetch evKind = iota
	evRPC
	evAlarm
	evWSMessage
	evWSClose
	evWSError
)

type event struct {
	kind   evKind
	req    *httpMsg
	method string
	args   []byte
	isGet  bool
	retry  int
	// depth is how many calls deep an RPC event is (limits.go).
	depth int
	// scheduled is when an alarm event was due.
	scheduled time.Time
	reply     func(*httpMsg, []byte, *ScriptError)
	once      sync.Once

	sock     *hibSocket
	text     string
	data     []byte
	binary   bool
	code     int
	reason   string
	wasClean bool
}

func (ev *event) respond(m *httpMsg, b []byte, se *ScriptError) {
	ev.once.Do(func() {
		if ev.reply != nil {
			ev.reply(m, b, se)
		}
	})
}

// record is the durable side of an object: storage, hibernatable sockets and
// the live instance, if any. It outlives instance resets and evictions.
type record struct {
	ns   *namespace
	hex  string
	name string
	db   *store.DB

	mu      sync.Mutex
	live    *actor
	sockets []*hibSocket
	auto    *[2]string
	warned  bool
	// running holds every instance whose event loop has not ended yet: a
	// reset instance finishes its current task after its successor started.
	running map[*actor]bool
	closed  bool
	// inbox orders the events for the object and hands them to its live
	// instance, so that whoever sends one, often another isolate's loop,
	// never waits for the instance to start or for room in its queue.
	inbox *mailbox[*event]
}

var errClosed = errors.New("sandbox: runtime is closed")

// close stops every instance of the object, waits until none runs, and then
// closes its storage.
func (r *record) close() {
	r.mu.Lock()
	r.closed = true
	r.live = nil
	actors := make([]*actor, 0, len(r.running))
	for a := range r.running {
		actors = append(actors, a)
	}
	r.mu.Unlock()
	for _, a := range actors {
		a.iso.shutdown()
	}
	for _, a := range actors {
		<-a.iso.loop.Done()
	}
	r.db.Close()
}

func (r *record) acquire() (*actor, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, errClosed
	}
	if r.live != nil && !r.live.stopped() {
		return r.live, nil
	}
	a := &actor{rec: r, pending: map[*event]func(*httpMsg, []byte, *ScriptError){}}
	iso, err := r.ns.rt.newIsolate(a)
	if err != nil {
		return nil, err
	}
	if r.running == nil {
		r.running = map[*actor]bool{}
	}
	r.running[a] = true
	go func() {
		<-iso.loop.Done()
		r.mu.Lock()
		delete(r.running, a)
		r.mu.Unlock()
	}()
	iso.loop.Post(a.construct, false)
	r.live = a
	return a, nil
}

// deliver queues ev for the object's live instance, starting one if need
// be; it never blocks.
func (r *record) deliver(ev *event) { r.inbox.put(ev) }

func (r *record) deliverNow(ev *event) {
	for i := 0; i < 3; i++ {
		a, err := r.acquire()
		if err != nil {
			// A limit or an exception that ended the start reaches the
			// caller as it was thrown.
			se, ok := err.(*ScriptError)
			if !ok {
				se = &ScriptError{Name: "Error", Message: err.Error()}
			}
			ev.respond(nil, nil, se)
			return
		}
		if a.iso.loop.Post(func() { a.run(ev) }, true) {
			return
		}
		a.markStopped()
	}
	ev.respond(nil, nil, &ScriptError{Name: "Error", Message: jsrt.ErrStopped.Error()})
}

// evict drops the live instance after its current task, as hibernation does.
func (r *record) evict() {
	r.mu.Lock()
	a := r.live
	r.mu.Unlock()
	if a == nil {
		return
	}
	done := make(chan struct{})
	if !a.iso.loop.Post(func() {
		defer close(done)
		a.iso.loop.Gate(-a.gates)
		a.gates = 0
		a.turnEnd()
		a.die(nil)
	}, false) {
		return
	}
	select {
	case <-done:
	case <-a.iso.loop.Done():
	}
}

// actor is one live instance of a Durable Object class.
type actor struct {
	rec *record
	iso *isolate

	inst, state  *goja.Object
	legacy       bool
	hasAlarm     bool
	constructing bool

	// pending maps the events in flight to their callers' reply functions.
	pending map[*event]func(*httpMsg, []byte, *ScriptError)
	// outbox holds what the instance sent during the current turn (replies,
	// WebSocket frames): the output gate releases it once the turn's writes
	// are committed, and drops it if they are not.
	outbox   []func()
	dead     bool
	deathErr *ScriptError
	stopMu   sync.Mutex
	stop     bool

	gates     int
	txnOpen   int
	syncDepth int

	alarmRunning  bool
	alarmReplaced bool
	noRetry       bool
}

func (a *actor) stopped() bool {
	a.stopMu.Lock()
	defer a.stopMu.Unlock()
	return a.stop
}

func (a *actor) markStopped() {
	a.stopMu.Lock()
	a.stop = true
	a.stopMu.Unlock()
	a.rec.mu.Lock()
	if a.rec.live == a {
		a.rec.live = nil
	}
	a.rec.mu.Unlock()
}

func (a *actor) turnEnd() {
	if a.dead || a.txnOpen > 0 {
		return
	}
	if err := a.rec.db.Commit(); err != nil {
		a.reset(&ScriptError{Name: "Error", Message: "Durable Object storage operation failed: " + err.Error()})
		return
	}
	out := a.outbox
	a.outbox = nil
	for _, fn := range out {
		fn()
	}
}

// output sends fn's message through the output gate: at once when no write
// is waiting to commit, otherwise when the turn's writes are durable.
// Runs on the loop goroutine.
func (a *actor) output(fn func()) {
	if a.dead {
		return
	}
	if !a.rec.db.InTransaction() && a.txnOpen == 0 && len(a.outbox) == 0 {
		fn()
		return
	}
	a.outbox = append(a.outbox, fn)
}

// reset ends the instance after a failure: uncommitted writes are dropped,
// in-flight events fail with se, and the next event constructs the class
// again. Runs on the loop goroutine.
func (a *actor) reset(se *ScriptError) {
	if a.dead {
		return
	}
	a.rec.db.Rollback()
	a.die(se)
}

func (a *actor) die(se *ScriptError) {
	if a.dead {
		return
	}
	a.dead = true
	a.deathErr = se
	a.markStopped()
	// The output gate is broken: nothing held for the failed turn goes out.
	a.outbox = nil
	if se == nil {
		se = &ScriptError{Name: "Error", Message: jsrt.ErrStopped.Error()}
	}
	pending := a.pending
	a.pending = map[*event]func(*httpMsg, []byte, *ScriptError){}
	for ev, reply := range pending {
		if reply == nil {
			continue
		}
		if ev.kind == evRPC {
			// An RPC caller sees the reset as its own error, not a remote
			// one, as workerd does for abort().
			local := *se
			local.reset = true
			reply(nil, nil, &local)
			continue
		}
		reply(nil, nil, se)
	}
	for _, fn := range a.iso.loop.TakeHeld() {
		fn()
	}
	a.iso.host.StopTimers()
	a.iso.loop.Stop()
}

func (a *actor) construct() {
	iso := a.iso
	vm := iso.vm
	r := a.rec
	cls, ok := goja.AssertConstructor(iso.exports.Get(r.ns.class))
	if !ok {
		se := &ScriptError{Name: "TypeError", Message: fmt.Sprintf("Durable Object class %q is not exported from the Worker's main module", r.ns.class)}
		iso.rt.event(Event{Binding: r.ns.binding, Object: r.hex, Handler: "constructor", Err: se})
		a.reset(se)
		return
	}
	clsObj := iso.exports.Get(r.ns.class).ToObject(vm)
	doProto := iso.workers.Get("DurableObject").ToObject(vm).Get("prototype").ToObject(vm)
	proto, _ := clsObj.Get("prototype").(*goja.Object)
	a.legacy = proto == nil || !vm.InstanceOf(proto, iso.workers.Get("DurableObject").ToObject(vm)) && proto != doProto
	if proto != nil {
		_, a.hasAlarm = goja.AssertFunction(proto.Get("alarm"))
	}
	var name goja.Value = goja.Undefined()
	if r.name != "" {
		name = vm.ToValue(r.name)
	}
	id, err := vm.New(iso.workers.Get("DurableObjectId"), vm.ToValue(r.ns.binding), vm.ToValue(r.hex), name)
	if se := iso.check(err); se != nil {
		a.reset(se)
		return
	}
	args := []goja.Value{id}
	if r.ns.rt.compat.ctxExports {
		args = append(args, iso.exports)
	}
	state, err := vm.New(iso.workers.Get("DurableObjectState"), args...)
	if se := iso.check(err); se != nil {
		a.reset(se)
		return
	}
	a.state = state
	a.constructing = true
	inst, err := cls(nil, state, iso.env)
	a.constructing = false
	if se := iso.check(err); se != nil {
		iso.rt.log("error", "Uncaught "+se.Error(), iso.label)
		iso.rt.event(Event{Binding: r.ns.binding, Object: r.hex, Handler: "constructor", Err: se})
		a.reset(se)
		return
	}
	a.inst = inst
	iso.rt.event(Event{Binding: r.ns.binding, Object: r.hex, Handler: "constructor",
		EnvBound: !a.legacy && inst.Get("env") != nil && inst.Get("env").SameAs(iso.env)})
}

func (a *actor) run(ev *event) {
	if a.dead {
		if a.deathErr != nil {
			a.reportEvent(ev)
			ev.respond(nil, nil, a.deathErr)
		} else {
			a.rec.deliver(ev)
		}
		return
	}
	a.reportEvent(ev)
	reply := ev.reply
	a.pending[ev] = reply
	end := a.iso.beginEvent(ev.callDepth())
	ev.reply = func(m *httpMsg, b []byte, se *ScriptError) {
		end()
		a.output(func() {
			if _, ok := a.pending[ev]; !ok {
				return
			}
			delete(a.pending, ev)
			if reply != nil {
				reply(m, b, se)
			}
		})
	}
	switch ev.kind {
	case evFetch:
		a.fetch(ev)
	case evRPC:
		a.rpc(ev)
	case evAlarm:
		a.alarm(ev)
	default:
		a.wsEvent(ev)
	}
}

func (a *actor) fail(ev *event, se *ScriptError) { ev.respond(nil, nil, se) }

func (a *actor) fetch(ev *event) {
	iso := a.iso
	fn, ok := goja.AssertFunction(a.inst.Get("fetch"))
	if !ok {
		a.fail(ev, &ScriptError{Name: "TypeError", Message: "Handler does not export a fetch() function."})
		return
	}
	req, err := iso.jsRequest(ev.req)
	if se := iso.check(err); se != nil {
		a.fail(ev, se)
		return
	}
	res, err := fn(a.inst, req)
	if se := iso.check(err); se != nil {
		a.fail(ev, se)
		return
	}
	iso.then(res, func(v goja.Value) {
		m, se := iso.responseParts(v)
		if se != nil {
			a.fail(ev, se)
			return
		}
		ev.respond(m, nil, nil)
	}, func(v goja.Value) { a.fail(ev, iso.scriptError(v)) })
}

const lookupJS = `(function (obj, name, stop) {
  let p = Object.getPrototypeOf(obj);
  while (p && p !== stop && p !== Object.prototype) {
    const d = Object.getOwnPropertyDescriptor(p, name);
    if (d) {
      if (d.get) return [1, d.get.call(obj)];
      if (typeof d.value === "function") return [2, d.value];
      return [1, d.value];
    }
    p = Object.getPrototypeOf(p);
  }
  return [0];
})`

var (
	lookupOnce sync.Once
	lookupProg *goja.Program
)

// lookupMethod finds an RPC member of obj on its prototype chain below
// stop: [0] when there is none, [1, value] for a getter's value or a data
// property, [2, function] for a method. Own properties are not members.
func (iso *isolate) lookupMethod(obj *goja.Object, name string, stop goja.Value) (*goja.Object, *ScriptError) {
	vm := iso.vm
	lookupOnce.Do(func() { lookupProg = goja.MustCompile("rpc.js", lookupJS, true) })
	lv, err := vm.RunProgram(lookupProg)
	if se := iso.check(err); se != nil {
		return nil, se
	}
	lookup, _ := goja.AssertFunction(lv)
	found, err := lookup(goja.Undefined(), obj, vm.ToValue(name), stop)
	if se := iso.check(err); se != nil {
		se.Remote = true
		return nil, se
	}
	return found.ToObject(vm), nil
}

func (a *actor) rpc(ev *event) {
	iso := a.iso
	vm := iso.vm
	remote := func(name, msg string) { a.fail(ev, &ScriptError{Name: name, Message: msg, Remote: true}) }
	if a.legacy {
		remote("TypeError", msgLegacyRPC)
		return
	}
	if reservedMethods[ev.method] {
		remote("TypeError", fmt.Sprintf("'%s' is a reserved method and cannot be called over RPC.", ev.method))
		return
	}
	found, se := iso.lookupMethod(a.inst, ev.method, iso.workers.Get("DurableObject").ToObject(vm).Get("prototype"))
	if se != nil {
		a.fail(ev, se)
		return
	}
	fo := found
	kind := fo.Get("0").ToInteger()
	if kind == 0 {
		remote("TypeError", fmt.Sprintf("The RPC receiver does not implement the method \"%s\".", ev.method))
		return
	}
	var result goja.Value
	var params []*stubRef
	if kind == 1 || ev.isGet {
		result = fo.Get("1")
		if kind == 2 && ev.isGet {
			remote("TypeError", fmt.Sprintf("Method \"%s\" cannot be read as a property over RPC; call it instead.", ev.method))
			return
		}
	} else {
		fn, _ := goja.AssertFunction(fo.Get("1"))
		argv, refs, err := iso.rpcIn(ev.args)
		if err != nil {
			remote("Error", err.Error())
			return
		}
		params = refs
		var args []goja.Value
		ao := argv.ToObject(vm)
		for i := int64(0); i < ao.Get("length").ToInteger(); i++ {
			args = append(args, ao.Get(fmt.Sprint(i)))
		}
		result, err = fn(a.inst, args...)
		if se := iso.check(err); se != nil {
			iso.disposeAll(params)
			se.Remote = true
			a.fail(ev, se)
			return
		}
	}
	iso.then(result, func(v goja.Value) {
		// Stubs received as arguments last as long as the call, unless
		// dup()ed; one may be returned, so serialize first.
		b, err := iso.rpcOut(v)
		iso.disposeAll(params)
		if err != nil {
			a.fail(ev, cloneScriptError(err, true))
			return
		}
		if len(b) > 32<<20 {
			remote("Error", fmt.Sprintf("Serialized RPC arguments or return values are limited to 32MiB, but the size of this value was: %d bytes.", len(b)))
			return
		}
		ev.respond(nil, b, nil)
	}, func(v goja.Value) {
		iso.disposeAll(params)
		se := iso.scriptError(v)
		se.Remote = true
		a.fail(ev, se)
	})
}

func (a *actor) alarm(ev *event) {
	iso := a.iso
	vm := iso.vm
	fn, ok := goja.AssertFunction(a.inst.Get("alarm"))
	a.rec.db.SetAlarm(0, false)
	if !ok {
		a.rec.mu.Lock()
		warned := a.rec.warned
		a.rec.warned = true
		a.rec.mu.Unlock()
		if !warned {
			iso.rt.log("error", "Attempted to run a scheduled alarm without a handler, did you remember to export an alarm() function?", iso.label)
		}
		ev.respond(nil, nil, nil)
		return
	}
	a.alarmRunning, a.alarmReplaced, a.noRetry = true, false, false
	info := vm.NewObject()
	info.Set("scheduledTime", ev.scheduled.UnixMilli())
	info.Set("retryCount", ev.retry)
	info.Set("isRetry", ev.retry > 0)
	done := func(se *ScriptError) {
		a.alarmRunning = false
		if se != nil {
			iso.rt.log("error", "Uncaught "+se.Error(), iso.label)
			if !a.alarmReplaced && !a.noRetry && ev.retry < 6 {
				// The pending retry is the object's alarm: getAlarm()
				// reports it until it runs.
				at := iso.rt.clock.Now().Add((2 * time.Second) << ev.retry)
				if err := a.rec.db.SetAlarm(at.UnixMilli(), true); err != nil {
					iso.rt.log("error", "Durable Object storage operation failed: "+err.Error(), iso.label)
				}
				iso.rt.alarms.set(a.rec, at, ev.retry+1)
			}
		}
		ev.respond(nil, nil, se)
	}
	res, err := fn(a.inst, info)
	if se := iso.check(err); se != nil {
		done(se)
		return
	}
	iso.then(res, func(goja.Value) { done(nil) }, func(v goja.Value) { done(iso.scriptError(v)) })
}

func (a *actor) throw(name, msg string) { a.iso.throw(name, msg) }

func (a *actor) sqlErr(err error) {
	// A statement cut short by a limit ends the task with that limit.
	a.iso.loop.Poll()
	a.throw("Error", err.Error())
}

func (a *actor) kvLimits(keys []string) {
	if a.rec.ns.sqlite || a.rec.ns.rt.opts.LocalLimits {
		return
	}
	if len(keys) > 128 {
		a.throw("RangeError", fmt.Sprintf("Maximum number of key value pairs is 128. %d pairs were provided.", len(keys)))
	}
	for _, k := range keys {
		if len(k) > 2048 {
			a.throw("RangeError", fmt.Sprintf("Keys cannot be larger than 2048 bytes. A key of size %d was provided.", len(k)))
		}
	}
}

func strList(vm *goja.Runtime, v goja.Value) []string {
	o := v.ToObject(vm)
	n := o.Get("length").ToInteger()
	out := make([]string, n)
	for i := range out {
		out[i] = o.Get(fmt.Sprint(i)).String()
	}
	return out
}
