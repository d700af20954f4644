package sandbox

import (
	"strings"

	"github.com/dop251/goja"

	"github.com/dolint-dev/dolint/sandbox/internal/store"
)

// Outbound is a request the Worker sent that Options.StubFetch answered.
type Outbound struct {
	Method string
	URL    string
	Body   []byte
}

// StubReply is what a stubbed outbound fetch answers.
type StubReply struct {
	Status int
	Header [][2]string
	Body   []byte
}

// stubFetch answers a fetch the allowlist refuses from Options.StubFetch,
// so that a Worker which calls a third-party API can run where the network
// is off: a check then sees what the Worker does with an answer rather
// than a TypeError that says nothing about the code under test.
func (iso *isolate) stubFetch(msg *httpMsg, resolve func(func() goja.Value)) {
	body := append([]byte(nil), msg.Body...)
	rep := iso.rt.opts.StubFetch(Outbound{Method: msg.Method, URL: msg.URL, Body: body})
	if rep.Status == 0 {
		rep.Status = 200
	}
	res := &httpMsg{Status: rep.Status, Header: rep.Header, Body: rep.Body, HasBody: true}
	resolve(func() goja.Value {
		v, err := iso.jsResponse(res)
		if err != nil {
			return iso.jsError(&ScriptError{Name: "Error", Message: err.Error()}, false)
		}
		return v
	})
}

// standInSrc builds a binding that accepts any use: every property is a
// function, every call returns an object of the same kind, and awaiting one
// gives null. A Worker that reads KV, queues a message or asks an AI model
// at load or on the way to the code a check exercises then carries on as it
// would with an empty store. Calls are reported per binding and method.
const standInSrc = `(function (name, record) {
	function make(path) {
		const target = function () {};
		return new Proxy(target, {
			get(_, prop) {
				if (prop === "then") {
					return path === name ? undefined : function (res) { res(null); };
				}
				if (typeof prop === "symbol") {
					if (prop === Symbol.toPrimitive) return function () { return "[" + path + "]"; };
					return undefined;
				}
				if (prop === "toJSON") return function () { return null; };
				if (prop === "toString") return function () { return "[" + path + "]"; };
				return make(path + "." + prop);
			},
			apply() {
				record(path);
				return make(path + "()");
			},
			// A subclass keeps its own methods: the instance is made
			// for it, not replaced by a stand-in.
			construct(_, args, nt) {
				record("new " + path);
				return Reflect.construct(function () {}, [], nt);
			},
			// esbuild's ES module wrapper copies own properties only and
			// reads named imports through the prototype it takes from here.
			getPrototypeOf() { return make(path); },
		});
	}
	return make(name);
})`

// standIn returns a stand-in for the env binding name.
func (iso *isolate) standIn(name string) goja.Value {
	vm := iso.vm
	fn, err := vm.RunString(standInSrc)
	if err != nil {
		return goja.Undefined()
	}
	call, _ := goja.AssertFunction(fn)
	record := func(c goja.FunctionCall) goja.Value {
		if f := iso.rt.opts.OnStandIn; f != nil {
			f(c.Argument(0).String())
		}
		return goja.Undefined()
	}
	v, err := call(goja.Undefined(), vm.ToValue(name), vm.ToValue(record))
	if err != nil {
		return goja.Undefined()
	}
	return v
}

// installStandIns adds Options.StandIns to env, leaving any binding the
// runtime already provides (vars, Durable Object namespaces) as it is, and
// with Options.StandInNodeModules answers a node: import the runtime does
// not provide with a stand-in too.
func (iso *isolate) installStandIns(do, env *goja.Object) {
	if iso.rt.opts.StandInNodeModules {
		do.Set("moduleStandIn", func(c goja.FunctionCall) goja.Value {
			name := c.Argument(0).String()
			if f := iso.rt.opts.OnStandIn; f != nil {
				f("import " + name)
			}
			return iso.standIn(name)
		})
		// nodejs_compat's process global, as far as module code reads it
		// at load: an empty environment.
		iso.vm.RunString(processStandIn)
	}
	for _, n := range iso.rt.opts.StandIns {
		if v := env.Get(n); v != nil && !goja.IsUndefined(v) {
			continue
		}
		env.Set(n, iso.standIn(n))
	}
}

// applySchema runs Options.Schema in a new SQLite-backed object's
// database, one statement at a time: a statement that fails (a table the
// class creates itself, a dialect SQLite does not take) is skipped, since
// the schema only stands in for tables created outside the object.
func (ns *namespace) applySchema(db *store.DB) {
	if len(ns.rt.opts.Schema) == 0 || ns.rt.opts.Classes[ns.class] != BackendSQLite {
		return
	}
	for _, stmt := range ns.rt.opts.Schema {
		if strings.TrimSpace(stmt) == "" {
			continue
		}
		cu, err := db.Exec(stmt, nil)
		if err != nil {
			continue
		}
		for {
			row, err := cu.Next()
			if err != nil || row == nil {
				break
			}
		}
		cu.Close()
	}
	db.Commit()
}

const processStandIn = `if (typeof globalThis.process === "undefined") {
  globalThis.process = {
    env: {}, argv: [], platform: "linux", version: "v22.0.0", versions: { node: "22.0.0" }, browser: false,
    cwd() { return "/"; },
    nextTick(f, ...args) { queueMicrotask(() => f(...args)); },
    emitWarning() {},
  };
}`
