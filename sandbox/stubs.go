package sandbox

import (
	"fmt"
	"strconv"
	"sync"

	"github.com/dop251/goja"

	"github.com/dolint-dev/dolint/sandbox/internal/clone"
)

// msgStubDisposed is workerd's error for a call on a stub that was
// disposed: explicitly, with the result that held it, or because the call
// that received it as an argument returned.
const msgStubDisposed = "RPC stub used after being disposed."

// msgOwnerStopped is workerd's error for a call on a stub whose target
// lived in an object that has been reset since.
const msgOwnerStopped = "The execution context which hosts this callback is no longer running."

// A capability is a function or RpcTarget instance that one isolate passed
// over RPC. Other isolates hold stubs of it; their calls run on the owner's
// loop. Once every stub is disposed the capability is dropped and the
// target's Symbol.dispose method, if it has one, is called.
type capability struct {
	id     uint64
	owner  *isolate
	target *goja.Object // used on the owner's loop only

	mu sync.Mutex
	// refs counts the stubs of the capability and the serialized values
	// on their way to becoming one, so that a stub passed on while its
	// holder disposes it stays alive.
	refs int
	gone bool
}

// capTable holds a runtime's capabilities by id.
type capTable struct {
	mu   sync.Mutex
	next uint64
	caps map[uint64]*capability
}

func (t *capTable) add(owner *isolate, target *goja.Object) *capability {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.caps == nil {
		t.caps = map[uint64]*capability{}
	}
	t.next++
	c := &capability{id: t.next, owner: owner, target: target, refs: 1}
	t.caps[c.id] = c
	return c
}

func (t *capTable) get(id uint64) *capability {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.caps[id]
}

// hold adds a reference, unless the capability is already gone.
func (c *capability) hold() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gone {
		return false
	}
	c.refs++
	return true
}

// release drops a reference; the last one disposes the target.
func (c *capability) release() {
	c.mu.Lock()
	c.refs--
	last := c.refs <= 0 && !c.gone
	if last {
		c.gone = true
	}
	c.mu.Unlock()
	if !last {
		return
	}
	rt := c.owner.rt
	rt.caps.mu.Lock()
	delete(rt.caps.caps, c.id)
	rt.caps.mu.Unlock()
	owner := c.owner
	owner.post(func() {
		sym := owner.vm.Get("Symbol").ToObject(owner.vm).Get("dispose")
		s, ok := sym.(*goja.Symbol)
		if !ok {
			return
		}
		if fn, ok := goja.AssertFunction(c.target.GetSymbol(s)); ok {
			if _, err := fn(c.target); err != nil {
				owner.host.Uncaught(err)
			}
		}
	}, true)
}

// stubRef is one stub an isolate holds; the JavaScript stub names it by
// its handle, its key in isolate.stubs while it is live. A disposed stub
// leaves the map, so that nothing of it stays but the JavaScript object,
// which the collector takes with the last reference to it.
type stubRef struct {
	cap      *capability // nil when the capability was gone on arrival
	handle   int64
	disposed bool
}

// rpcOut serializes an RPC result, passing functions, RpcTarget instances
// and stubs as stubs. A stub in a result goes to the caller: the sender's
// stub is disposed.
func (iso *isolate) rpcOut(v goja.Value) ([]byte, error) {
	return iso.host.Cloner.Serialize(v, clone.Options{RejectClassInstances: true, Export: func(o *goja.Object) (uint64, bool) {
		return iso.export(o, true)
	}})
}

// rpcArgs serializes the arguments of a call. A stub among them stays the
// caller's from rpc_params_dup_stubs (2026-01-20) on; before, it went to
// the callee as a result's does.
func (iso *isolate) rpcArgs(v goja.Value) ([]byte, error) {
	transfer := !iso.rt.compat.rpcParamsDupStubs
	return iso.host.Cloner.Serialize(v, clone.Options{RejectClassInstances: true, Export: func(o *goja.Object) (uint64, bool) {
		return iso.export(o, transfer)
	}})
}

// rpcIn deserializes what rpcOut wrote in another isolate and returns the
// stubs it made, which the caller owns: the arguments of a call are
// disposed when the call returns, a result's when the result is.
func (iso *isolate) rpcIn(b []byte) (goja.Value, []*stubRef, error) {
	var refs []*stubRef
	v, err := iso.host.Cloner.DeserializeWith(b, clone.ReadOptions{Import: func(id uint64) goja.Value {
		ref, obj := iso.newStub(iso.rt.caps.get(id))
		refs = append(refs, ref)
		return obj
	}})
	if err != nil {
		iso.disposeAll(refs)
		return nil, nil, err
	}
	return v, refs, nil
}

// export passes o as a stub. A stub this isolate holds is passed on: its
// reference moves into the value when transfer is set, else the value
// takes a new one. A disposed stub arrives disposed, and fails when used.
func (iso *isolate) export(o *goja.Object, transfer bool) (uint64, bool) {
	if ref, isStub := iso.stubOf(o); isStub {
		switch {
		case ref == nil || ref.disposed:
			return 0, true
		case transfer:
			ref.disposed = true
			delete(iso.stubs, ref.handle)
			return ref.cap.id, true
		case !ref.cap.hold():
			return 0, true
		}
		return ref.cap.id, true
	}
	_, isFn := goja.AssertFunction(o)
	if !isFn && !iso.vm.InstanceOf(o, iso.workers.Get("RpcTarget").ToObject(iso.vm)) {
		return 0, false
	}
	return iso.rt.caps.add(iso, o).id, true
}

// newStub makes the JavaScript stub of c, taking over the reference the
// serialized value held; for nil it makes one that is disposed already.
func (iso *isolate) newStub(c *capability) (*stubRef, *goja.Object) {
	if iso.stubs == nil {
		iso.stubs = map[int64]*stubRef{}
	}
	iso.nextStub++
	ref := &stubRef{cap: c, handle: iso.nextStub, disposed: c == nil}
	if c != nil {
		iso.stubs[ref.handle] = ref
	}
	make, _ := goja.AssertFunction(iso.workers.Get("capStub"))
	v, err := make(goja.Undefined(), iso.vm.ToValue(ref.handle))
	if err != nil {
		panic(err)
	}
	return ref, v.ToObject(iso.vm)
}

// stubOf tells whether o is one of this isolate's stubs and returns it
// while it is live.
func (iso *isolate) stubOf(o *goja.Object) (*stubRef, bool) {
	handle, _ := goja.AssertFunction(iso.workers.Get("stubHandle"))
	h, err := handle(goja.Undefined(), o)
	if err != nil || h.ToInteger() < 0 {
		return nil, false
	}
	return iso.stubs[h.ToInteger()], true
}

func (iso *isolate) dispose(ref *stubRef) {
	if ref == nil || ref.disposed {
		return
	}
	ref.disposed = true
	delete(iso.stubs, ref.handle)
	ref.cap.release()
}

func (iso *isolate) disposeAll(refs []*stubRef) {
	for _, r := range refs {
		iso.dispose(r)
	}
}

// ownStubs gives an object result a Symbol.dispose method that disposes
// the stubs it holds, as workerd does for every object an RPC call returns.
// A stub returned by itself is its own disposer.
func (iso *isolate) ownStubs(v goja.Value, refs []*stubRef) {
	o, ok := v.(*goja.Object)
	if !ok {
		return
	}
	if _, isStub := iso.stubOf(o); isStub {
		return
	}
	attach, _ := goja.AssertFunction(iso.workers.Get("ownStubs"))
	dispose := iso.vm.ToValue(func(goja.FunctionCall) goja.Value {
		iso.disposeAll(refs)
		return goja.Undefined()
	})
	if _, err := attach(goja.Undefined(), o, dispose); err != nil {
		iso.check(err)
	}
}

func (iso *isolate) installStubNatives(do *goja.Object) {
	iso.host.Cloner.Refuse = func(o *goja.Object) string {
		if _, isStub := iso.stubOf(o); isStub {
			return "#<RpcStub> could not be cloned."
		}
		unclonable, _ := goja.AssertFunction(iso.workers.Get("unclonable"))
		name, _ := unclonable(goja.Undefined(), o)
		if name == nil || name.String() == "" {
			return ""
		}
		return fmt.Sprintf("Could not serialize object of type %q. This type does not support serialization.", name.String())
	}
	// ref is the live stub of a handle, nil once it is disposed.
	ref := func(v goja.Value) *stubRef { return iso.stubs[v.ToInteger()] }
	do.Set("capDispose", func(c goja.FunctionCall) goja.Value {
		iso.dispose(ref(c.Argument(0)))
		return goja.Undefined()
	})
	do.Set("capDup", func(c goja.FunctionCall) goja.Value {
		r := ref(c.Argument(0))
		if r == nil || !r.cap.hold() {
			// workerd hands out a stub that fails when used.
			_, obj := iso.newStub(nil)
			return obj
		}
		_, obj := iso.newStub(r.cap)
		return obj
	})
	// localStub(value): new RpcStub(value), a stub of this isolate's own
	// function or object.
	do.Set("localStub", func(c goja.FunctionCall) goja.Value {
		_, obj := iso.newStub(iso.rt.caps.add(iso, c.Argument(0).ToObject(iso.vm)))
		return obj
	})
	// capCall(handle, name, args, isGet): name is null for a call of the
	// stub itself.
	do.Set("capCall", func(c goja.FunctionCall) goja.Value {
		r := ref(c.Argument(0))
		name, member := "", !goja.IsNull(c.Argument(1))
		if member {
			name = c.Argument(1).String()
		}
		isGet := c.Argument(3).ToBoolean()
		p, resolve, reject := iso.promise()
		if r == nil {
			reject(func() goja.Value { return iso.jsError(&ScriptError{Name: "Error", Message: msgStubDisposed}, false) })
			return p
		}
		args, err := iso.rpcArgs(c.Argument(2))
		if err != nil {
			reject(func() goja.Value { return iso.host.CloneError(err) })
			return p
		}
		owner := r.cap.owner
		cp := r.cap
		reply := func(val []byte, se *ScriptError) { iso.settleRPC(resolve, reject, val, se) }
		owner.postOr(func() { owner.invoke(cp, name, member, isGet, args, reply) }, true, func() {
			reject(func() goja.Value { return iso.jsError(&ScriptError{Name: "Error", Message: msgOwnerStopped}, false) })
		})
		return p
	})
}

func ownProperty(o *goja.Object, name string) (goja.Value, bool) {
	for _, k := range o.GetOwnPropertyNames() {
		if k == name {
			return o.Get(name), true
		}
	}
	return nil, false
}

// invoke runs a call on a stub of c in its owner: the function itself, or
// the member name of the RpcTarget, looked up as an object's RPC methods
// are (prototype methods and getters, not own properties).
func (iso *isolate) invoke(c *capability, name string, member, isGet bool, payload []byte, reply func([]byte, *ScriptError)) {
	vm := iso.vm
	fail := func(se *ScriptError) { iso.output(func() { reply(nil, se) }) }
	remote := func(name, msg string) { fail(&ScriptError{Name: name, Message: msg, Remote: true}) }
	var fn goja.Callable
	this := goja.Value(goja.Undefined())
	var result goja.Value
	_, isFunction := goja.AssertFunction(c.target)
	switch {
	case !member:
		f, ok := goja.AssertFunction(c.target)
		if !ok {
			remote("TypeError", "\"(this)\" is not a function.")
			return
		}
		fn = f
	case isFunction:
		// A function's members are its own properties (name, length),
		// not what Function.prototype gives every function (call, bind).
		v, own := ownProperty(c.target, name)
		if !own {
			remote("TypeError", "The RPC receiver does not implement the method \""+name+"\".")
			return
		}
		if f, ok := goja.AssertFunction(v); ok && !isGet {
			fn, this = f, c.target
		} else {
			result = v
		}
	default:
		found, se := iso.lookupMethod(c.target, name, iso.workers.Get("RpcTarget").ToObject(vm).Get("prototype"))
		if se != nil {
			fail(se)
			return
		}
		kind := found.Get("0").ToInteger()
		switch {
		case kind == 0:
			remote("TypeError", "The RPC receiver does not implement the method \""+name+"\".")
			return
		case kind == 2 && isGet:
			remote("TypeError", "Method \""+name+"\" cannot be read as a property over RPC; call it instead.")
			return
		case kind == 1 || isGet:
			result = found.Get("1")
		default:
			fn, _ = goja.AssertFunction(found.Get("1"))
			this = c.target
		}
	}
	var params []*stubRef
	if fn != nil {
		argv, refs, err := iso.rpcIn(payload)
		if err != nil {
			remote("Error", err.Error())
			return
		}
		params = refs
		var args []goja.Value
		ao := argv.ToObject(vm)
		for i := int64(0); i < ao.Get("length").ToInteger(); i++ {
			args = append(args, ao.Get(strconv.FormatInt(i, 10)))
		}
		v, err := fn(this, args...)
		if se := iso.check(err); se != nil {
			iso.disposeAll(params)
			se.Remote = true
			fail(se)
			return
		}
		result = v
	}
	iso.then(result, func(v goja.Value) {
		// A stub received as an argument may be returned: serialize
		// before the arguments' stubs are disposed.
		b, err := iso.rpcOut(v)
		iso.disposeAll(params)
		if err != nil {
			fail(cloneScriptError(err, true))
			return
		}
		iso.output(func() { reply(b, nil) })
	}, func(v goja.Value) {
		iso.disposeAll(params)
		se := iso.scriptError(v)
		se.Remote = true
		fail(se)
	})
}
