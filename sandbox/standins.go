package sandbox

import (
	"strings"

	"github.com/dop251/goja"

	"github.com/dolint-dev/dolint/sandbox/internal/store"
)

// Outbound is a request the Worker sent that Options.StubFetch answered:
// a fetch, or on a cloudflare:sockets connection a "CONNECT" (URL
// tcp://host:port, no body) and a "SEND" for each write.
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
	if iso.rt.opts.StubFetch != nil {
		iso.installSocketStub()
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

// socketsSrc is cloudflare:sockets with every connection answered by
// send(method, url, bytes), Options.StubFetch in the end: "CONNECT" when
// the Worker connects, "SEND" for each write; the reply's body, if any,
// is what the Worker reads next. A database driver or mail client then
// gets as far as its first answer, as a fetch to a third-party API does.
const socketsSrc = `(function (send) {
  function bytes(chunk) {
    if (typeof chunk === "string") chunk = new TextEncoder().encode(chunk);
    if (chunk instanceof ArrayBuffer) chunk = new Uint8Array(chunk);
    if (!ArrayBuffer.isView(chunk)) throw new TypeError("The chunk written to a socket must be a string, an ArrayBuffer or an ArrayBufferView.");
    return chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength);
  }
  function socket(url) {
    const queue = [];
    let waiting = null, ended = false, endClosed;
    const closed = new Promise((res) => { endClosed = res; });
    function push(buf) {
      if (buf === null || buf.byteLength === 0) return;
      const chunk = new Uint8Array(buf);
      if (waiting) { const w = waiting; waiting = null; w({ value: chunk, done: false }); }
      else queue.push(chunk);
    }
    function end() {
      if (ended) return;
      ended = true;
      if (waiting) { const w = waiting; waiting = null; w({ value: undefined, done: true }); }
      endClosed();
    }
    push(send("CONNECT", url, null));
    const reader = {
      read() {
        if (queue.length) return Promise.resolve({ value: queue.shift(), done: false });
        if (ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((res) => { waiting = res; });
      },
      cancel() { end(); return Promise.resolve(); },
      releaseLock() {},
      get closed() { return closed; },
    };
    const writer = {
      write(chunk) {
        if (ended) return Promise.reject(new TypeError("This WritableStream has been closed."));
        try { push(send("SEND", url, bytes(chunk))); } catch (e) { return Promise.reject(e); }
        return Promise.resolve();
      },
      close() { end(); return Promise.resolve(); },
      abort() { end(); return Promise.resolve(); },
      releaseLock() {},
      get ready() { return Promise.resolve(); },
      get closed() { return closed; },
      get desiredSize() { return 1; },
    };
    return {
      readable: {
        getReader() { return reader; },
        cancel() { return reader.cancel(); },
        [Symbol.asyncIterator]() { return { next: () => reader.read(), return: () => Promise.resolve({ value: undefined, done: true }) }; },
      },
      writable: { getWriter() { return writer; }, close() { return writer.close(); }, abort() { return writer.abort(); } },
      opened: Promise.resolve({ remoteAddress: url.slice("tcp://".length), localAddress: "127.0.0.1:0" }),
      closed,
      close() { end(); return closed; },
      startTls() { return socket(url); },
    };
  }
  return {
    connect(address) {
      const a = typeof address === "string" ? address : address.hostname + ":" + address.port;
      return socket("tcp://" + a);
    },
  };
})`

// installSocketStub makes require("cloudflare:sockets") answer with
// socketsSrc, whose connections Options.StubFetch answers and records.
func (iso *isolate) installSocketStub() {
	vm := iso.vm
	orig, ok := goja.AssertFunction(vm.Get("__require"))
	if !ok {
		return
	}
	mk, err := vm.RunString(socketsSrc)
	if err != nil {
		return
	}
	call, _ := goja.AssertFunction(mk)
	send := func(c goja.FunctionCall) goja.Value {
		req := Outbound{Method: c.Argument(0).String(), URL: c.Argument(1).String()}
		if ab, ok := c.Argument(2).Export().(goja.ArrayBuffer); ok {
			req.Body = append([]byte(nil), ab.Bytes()...)
		}
		rep := iso.rt.opts.StubFetch(req)
		if len(rep.Body) == 0 {
			return goja.Null()
		}
		return vm.ToValue(vm.NewArrayBuffer(append([]byte(nil), rep.Body...)))
	}
	sockets, err := call(goja.Undefined(), vm.ToValue(send))
	if err != nil {
		return
	}
	vm.Set("__require", func(c goja.FunctionCall) goja.Value {
		if c.Argument(0).String() == "cloudflare:sockets" {
			return sockets
		}
		v, err := orig(goja.Undefined(), c.Arguments...)
		if ex, ok := err.(*goja.Exception); ok {
			panic(ex.Value())
		} else if err != nil {
			panic(vm.NewGoError(err))
		}
		return v
	})
}
