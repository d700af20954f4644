// Durable Object and Workers APIs, built on the natives in `host`.
(function (global, host) {
  "use strict";
  const def = (name, value) => Object.defineProperty(global, name, { value, writable: true, configurable: true, enumerable: false });
  const iterProto = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));

  // workerd's base constructor checks both arguments, so super(ctx) or
  // super() fails the construction instead of leaving env undefined.
  class DurableObject {
    constructor(ctx, env) {
      if (!(ctx instanceof DurableObjectState)) {
        throw new TypeError("Failed to construct 'DurableObjectBase': constructor parameter 1 is not of type 'DurableObjectState'.");
      }
      if (env === null || (typeof env !== "object" && typeof env !== "function")) {
        throw new TypeError("Failed to construct 'DurableObjectBase': constructor parameter 2 is not of type 'JsObject'.");
      }
      this.ctx = ctx; this.env = env;
    }
  }
  class WorkerEntrypoint {
    constructor(ctx, env) { this.ctx = ctx; this.env = env; }
  }
  class RpcTarget {}
  class WebSocketRequestResponsePair {
    constructor(request, response) {
      this._request = String(request); this._response = String(response);
      const req = new TextEncoder().encode(this._request).length;
      if (req > 2048) throw new RangeError(`Request cannot be larger than 2048 bytes. A request of size ${req} was provided.`);
      const res = new TextEncoder().encode(this._response).length;
      if (res > 2048) throw new RangeError(`Response cannot be larger than 2048 bytes. A response of size ${res} was provided.`);
    }
    get request() { return this._request; }
    get response() { return this._response; }
  }
  def("WebSocketRequestResponsePair", WebSocketRequestResponsePair);

  class DurableObjectId {
    constructor(ns, hex, name) {
      this._ns = ns; this._hex = hex;
      if (name !== undefined) this.name = name;
    }
    toString() { return this._hex; }
    equals(other) { return other instanceof DurableObjectId && other._hex === this._hex; }
  }
  Object.defineProperty(DurableObjectId.prototype, "name", { value: undefined, writable: true, configurable: true });

  // ---- Stubs of functions and RpcTarget instances received over RPC ----
  // V8 releases before explicit resource management lack these symbols;
  // workerd defines them for RPC, and esbuild's lowering of `using` reads
  // them when present.
  for (const name of ["dispose", "asyncDispose"]) {
    if (typeof Symbol[name] !== "symbol") Object.defineProperty(Symbol, name, { value: Symbol("Symbol." + name) });
  }
  // pipeline lets a call's members be used before it settles, as
  // stub.make().method() and stub.data().a.b do in workerd.
  function pipeline(p) {
    return new Proxy(p, {
      get(t, k) {
        if (typeof k !== "string" || k in t) {
          const v = t[k];
          return typeof v === "function" ? v.bind(t) : v;
        }
        return pathMember(t, k);
      },
    });
  }
  // rpcMember is a member of a stub or of a pending result: calling it
  // calls the method (invoke), awaiting it reads the property (read), and
  // its own members pipeline on what read gives. What functions have
  // (bind, call, ...) stays local.
  function rpcMember(invoke, read) {
    const call = (...args) => pipeline(invoke(args));
    return new Proxy(call, {
      get(t, k) {
        if (k === "then") return (ok, fail) => read().then(ok, fail);
        if (k === "catch") return (fail) => read().catch(fail);
        if (k === "finally") return (f) => read().finally(f);
        if (typeof k !== "string" || k in Function.prototype) return t[k];
        return pathMember(read(), k);
      },
    });
  }
  // A member of what p gives is looked up on the other side in workerd,
  // so a missing one is a remote error.
  function remoteTypeError(msg) {
    const e = new TypeError(msg);
    e.remote = true;
    return e;
  }
  function readPath(v, k) {
    if (stubProto.isPrototypeOf(v)) return v[k];
    // workerd does not index into arrays along a path.
    if (Array.isArray(v) && /^\d+$/.test(k)) return undefined;
    if (v === null || typeof v !== "object" || !(k in v)) throw remoteTypeError(`The RPC receiver does not implement the method "${k}".`);
    return v[k];
  }
  function pathMember(p, k) {
    return rpcMember(
      (args) => p.then((v) => {
        const m = readPath(v, k);
        if (typeof m !== "function") throw remoteTypeError(`"${k}" is not a function.`);
        return stubProto.isPrototypeOf(v) ? m(...args) : m.apply(v, args);
      }),
      () => p.then((v) => readPath(v, k)),
    );
  }
  const stubProto = Object.create(Object.prototype, { [Symbol.toStringTag]: { value: "JsRpcStub" } });
  function capMember(h, name) {
    return rpcMember((args) => host.capCall(h, name, args, false), () => host.capCall(h, name, [], true));
  }
  // A stub is callable (a function's stub calls it) and has every member
  // name (an RpcTarget's stub calls its methods); what Object.prototype
  // defines stays local, as on workerd's JsRpcStub.
  const stubHandles = new WeakMap();
  function stubHandle(o) {
    const h = stubHandles.get(o);
    return h === undefined ? -1 : h;
  }
  function capStub(h) {
    const target = () => {};
    Object.setPrototypeOf(target, stubProto);
    const dispose = () => host.capDispose(h);
    const dup = () => host.capDup(h);
    const stub = new Proxy(target, {
      apply(t, self, args) { return pipeline(host.capCall(h, null, args, false)); },
      get(t, k) {
        if (k === Symbol.dispose) return dispose;
        if (k === "dup") return dup;
        if (k in stubProto) return stubProto[k];
        if (typeof k !== "string" || k === "then") return undefined;
        return capMember(h, k);
      },
      has() { return true; },
    });
    stubHandles.set(stub, h);
    return stub;
  }
  // new RpcStub(value) makes a stub of a local function or object, which
  // can be passed on like a received one; received stubs are RpcStubs too.
  function RpcStub(value) {
    if (!new.target) throw new TypeError("Failed to construct 'JsRpcStub': Please use the 'new' operator, this DOM object constructor cannot be called as a function.");
    if (value === null || (typeof value !== "object" && typeof value !== "function")) {
      throw new TypeError("Failed to construct 'JsRpcStub': constructor parameter 1 is not of type 'JsObject'.");
    }
    return host.localStub(value);
  }
  RpcStub.prototype = stubProto;
  function ownStubs(o, dispose) {
    Object.defineProperty(o, Symbol.dispose, { value: dispose, writable: true, configurable: true, enumerable: false });
  }

  // Durable Object stubs and namespaces cannot be cloned, over RPC or
  // otherwise; unclonable names their type for the DataCloneError.
  const doStubs = new WeakSet();
  function unclonable(o) {
    if (doStubs.has(o)) return "DurableObject";
    if (o instanceof DurableObjectNamespace) return "DurableObjectNamespace";
    return "";
  }
  function stubbed(p) {
    doStubs.add(p);
    return p;
  }
  const reservedProps = new Set(["fetch", "id", "name", "then", "connect", "dup", "constructor"]);
  function illegalConstructor() { throw new TypeError("Illegal constructor"); }
  function makeStub(ns, id) {
    const target = {
      id,
      name: id.name,
      fetch(input, init) {
        if (typeof input === "string" && !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(input)) {
          // A path: resolved against https://fake-host/ before
          // durable_object_fetch_requires_full_url (2021-11-10), refused from then on.
          if (host.doFetchFullURL) return Promise.reject(new TypeError(`Fetch API cannot load: ${input}`));
          input = new URL(input, "https://fake-host/").href;
        }
        const req = input instanceof Request && init === undefined ? input : new Request(input, init);
        return host.stubFetch(ns, id._hex, id.name, req);
      },
      constructor: illegalConstructor,
    };
    if (!host.rpcEnabled) {
      return stubbed(new Proxy(target, {
        get(t, p) {
          if (p === Symbol.toStringTag) return host.setToStringTag ? "DurableObject" : undefined;
          if (p in t) return t[p];
          if (typeof p === "string") console.log(`WARNING: Tried to access method or property '${p}' on a Service Binding or Durable Object stub. Are you trying to use RPC? If so, please enable the 'rpc' compat flag or update your compat date to 2024-04-03 or later (see https://developers.cloudflare.com/workers/configuration/compatibility-dates/ ). If you are not trying to use RPC, please note that in the future, this property (and all other property names) will appear to be present as an RPC method.`);
          return undefined;
        },
      }));
    }
    return stubbed(new Proxy(target, {
      get(t, p) {
        if (p === Symbol.toStringTag) return host.setToStringTag ? "DurableObject" : undefined;
        if (typeof p !== "string") return undefined;
        if (p === "then") return undefined;
        if (p in t && reservedProps.has(p)) return t[p];
        return rpcMember((args) => host.rpc(ns, id._hex, id.name, p, args, false), () => host.rpc(ns, id._hex, id.name, p, [], true));
      },
    }));
  }

  class DurableObjectNamespace {
    constructor(binding) { this._b = binding; }
    idFromName(name) { name = String(name); return new DurableObjectId(this._b, host.idFromName(this._b, name), name); }
    newUniqueId(opts) {
      if (opts && opts.jurisdiction !== undefined) throw new Error("Jurisdiction restrictions are not implemented in workerd.");
      return new DurableObjectId(this._b, host.newUniqueId(this._b));
    }
    idFromString(s) { s = String(s); host.checkId(this._b, s); return new DurableObjectId(this._b, s.toLowerCase()); }
    get(id, opts) {
      if (!(id instanceof DurableObjectId)) throw new TypeError("Failed to execute 'get' on 'DurableObjectNamespace': parameter 1 is not of type 'DurableObjectId'.");
      if (id._ns !== this._b) host.checkId(this._b, id._hex);
      return makeStub(this._b, id);
    }
    getByName(name, opts) { return this.get(this.idFromName(name), opts); }
    jurisdiction(j) { throw new Error("Jurisdiction restrictions are not implemented in workerd."); }
  }

  // ---- WebSockets ----
  class WebSocket extends EventTarget {
    constructor(h) {
      super();
      if (h === undefined) throw new TypeError("Outbound WebSocket connections are not allowed in the sandbox.");
      this._h = h;
    }
    get readyState() { return host.wsState(this._h); }
    get url() { return null; }
    get protocol() { return ""; }
    get extensions() { return ""; }
    // An accept()ed socket hands binary messages to its listeners as
    // binaryType says; it starts as "blob" from
    // websocket_standard_binary_type (2026-03-17) on, "arraybuffer" before.
    get binaryType() { return this._binaryType || (host.standardBinaryType ? "blob" : "arraybuffer"); }
    set binaryType(v) {
      // As for any WebIDL enumeration, other values are ignored.
      if (v === "arraybuffer" || v === "blob") this._binaryType = v;
    }
    // Nothing is buffered, since a send is handed on at once.
    get bufferedAmount() { return 0; }
    accept() { host.wsAccept(this._h, this); }
    send(msg) {
      if (typeof msg === "string") host.wsSend(this._h, msg, false);
      else if (msg instanceof ArrayBuffer) host.wsSend(this._h, msg, true);
      else if (ArrayBuffer.isView(msg)) host.wsSend(this._h, msg.buffer.slice(msg.byteOffset, msg.byteOffset + msg.byteLength), true);
      else host.wsSend(this._h, String(msg), false);
    }
    close(code, reason) {
      if (code !== undefined) {
        code = Number(code);
        if (!(code >= 1000 && code <= 4999) || code === 1004 || code === 1005 || code === 1006 || code === 1015) throw new DOMException(`Invalid WebSocket close code: ${code}.`, "InvalidAccessError");
      }
      if (reason !== undefined && host.closeReasonLimit && new TextEncoder().encode(String(reason)).length > 123)
        throw new DOMException("WebSocket close reason must not be longer than 123 bytes when UTF-8 encoded.", "SyntaxError");
      host.wsClose(this._h, code === undefined ? 1000 : code, reason === undefined ? "" : String(reason));
    }
    serializeAttachment(v) { host.wsSetAttachment(this._h, v); }
    deserializeAttachment() { return host.wsGetAttachment(this._h); }
  }
  // READY_STATE_* are workerd's names; partyserver and the Agents SDK
  // compare readyState with READY_STATE_OPEN.
  for (const [i, name] of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].entries()) {
    WebSocket[name] = i;
    WebSocket["READY_STATE_" + name] = i;
  }
  def("WebSocket", WebSocket);
  const wsEvents = { message: MessageEvent, close: CloseEvent, error: ErrorEvent };
  def("__wsDispatch", (ws, type, init) => {
    if (type === "message" && init.data instanceof ArrayBuffer && ws.binaryType === "blob") init.data = new Blob([init.data]);
    return ws.dispatchEvent(new (wsEvents[type] || Event)(type, init));
  });
  class WebSocketPair {
    constructor() {
      const [a, b] = host.wsPair();
      const ca = new WebSocket(a), cb = new WebSocket(b);
      this[0] = ca; this[1] = cb;
    }
  }
  def("WebSocketPair", WebSocketPair);

  // ---- SQL ----
  // Internal state lives in WeakMaps so that, as in workerd, the objects
  // show only their API members.
  const cursors = new WeakMap();
  const doneValue = host.doneHasValue ? () => ({ done: true, value: undefined }) : () => ({ done: true });
  function bindValue(v) {
    if (v === undefined || v === null) return null;
    if (typeof v === "number") return v;
    if (typeof v === "bigint") throw new TypeError("Cannot convert a BigInt value to a number");
    if (v instanceof ArrayBuffer) return v;
    if (ArrayBuffer.isView(v)) return v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength);
    return String(v);
  }
  function rowObject(names, r) { const o = {}; names.forEach((c, i) => { o[c] = r[i]; }); return o; }
  class Cursor {
    constructor(h) { cursors.set(this, h); this.columnNames = h.columns.slice(); }
    next() {
      const r = cursors.get(this).next();
      return r === null ? doneValue() : { done: false, value: rowObject(this.columnNames, r) };
    }
    toArray() {
      const h = cursors.get(this), out = [];
      let r;
      while ((r = h.next()) !== null) out.push(rowObject(this.columnNames, r));
      return out;
    }
    one() {
      const h = cursors.get(this);
      const first = h.next();
      if (first === null) throw new Error("Expected exactly one result from SQL query, but got no results.");
      if (h.next() !== null) throw new Error("Expected exactly one result from SQL query, but got multiple results.");
      return rowObject(this.columnNames, first);
    }
    raw() {
      const h = cursors.get(this);
      const it = Object.create(iterProto);
      it.next = () => { const r = h.next(); return r === null ? doneValue() : { done: false, value: r }; };
      it.toArray = () => { const out = []; let r; while ((r = h.next()) !== null) out.push(r); return out; };
      return it;
    }
    get rowsRead() { return cursors.get(this).counters()[0]; }
    get rowsWritten() { return cursors.get(this).counters()[1]; }
    [Symbol.iterator]() {
      const c = this;
      const it = Object.create(iterProto);
      it.next = () => c.next();
      return it;
    }
  }
  class Statement {}
  class SqlStorage {
    exec(query, ...bindings) { return new Cursor(host.sqlExec(String(query), bindings.map(bindValue))); }
    get databaseSize() { return host.dbSize(); }
  }
  SqlStorage.prototype.Cursor = Cursor;
  SqlStorage.prototype.Statement = Statement;

  // ---- KV ----
  const putShape = "put() may only be called with a single key-value pair and optional options as put(key, value, options) or with multiple key-value pairs and optional options as put(entries, options)";
  const notType = (method, iface, n, type) => new TypeError(`Failed to execute '${method}' on '${iface}': parameter ${n} is not of type '${type}'.`);
  // keyString converts a key the way V8 does for string parameters.
  function keyString(k) {
    if (typeof k === "symbol") throw new TypeError("Cannot convert a Symbol value to a string");
    return String(k);
  }
  function checkListOptions(o, iface) {
    if (o !== undefined && o !== null && typeof o !== "object" && typeof o !== "function") throw notType("list", iface, 1, "ListOptions");
  }
  function listOpts(o) {
    o = o || {};
    if (o.start !== undefined && o.startAfter !== undefined) throw new TypeError("list() cannot be called with both start and startAfter values.");
    let limit = 0;
    if (o.limit !== undefined) {
      limit = Math.trunc(Number(o.limit));
      if (!(limit > 0)) throw new TypeError("List limit must be positive.");
    }
    return {
      start: o.start !== undefined ? String(o.start) : o.startAfter !== undefined ? String(o.startAfter) + "\0\0" : undefined,
      end: o.end !== undefined ? String(o.end) : undefined,
      prefix: o.prefix !== undefined ? String(o.prefix) : "",
      reverse: !!o.reverse,
      limit,
    };
  }
  // kvOps take the caller's arguments object, since workerd tells a
  // missing argument from an undefined one.
  const kvOps = {
    get(args) {
      if (args.length === 0) throw notType("get", "DurableObjectStorage", 1, "string or Array");
      const keys = args[0];
      if (Array.isArray(keys)) return new Map(host.kvGet(keys.map(keyString), true));
      const r = host.kvGet([keyString(keys)], false);
      return r.length ? r[0][1] : undefined;
    },
    put(args) {
      if (args.length === 0) throw notType("put", "DurableObjectStorage", 1, "string or object");
      const [key, value] = args;
      if (typeof key === "function") throw new TypeError(putShape);
      if (typeof key === "object" && key !== null && !Array.isArray(key)) {
        if (value !== undefined && (typeof value !== "object" || value === null)) throw new TypeError(putShape);
        const entries = Object.keys(key).filter((k) => key[k] !== undefined).map((k) => [k, key[k]]);
        host.kvPut(entries);
        return undefined;
      }
      const k = keyString(key);
      if (value === undefined) throw new TypeError("put() called with undefined value.");
      host.kvPut([[k, value]]);
      return undefined;
    },
    delete(args) {
      if (args.length === 0) throw notType("delete", "DurableObjectStorage", 1, "string or Array");
      const keys = args[0];
      if (Array.isArray(keys)) return host.kvDelete(keys.map(keyString), true);
      return host.kvDelete([keyString(keys)], false) === 1;
    },
    list(args) {
      checkListOptions(args[0], "DurableObjectStorage");
      return new Map(host.kvList(listOpts(args[0])));
    },
  };
  function alarmTime(t) {
    let ms;
    if (t instanceof Date) ms = t.getTime();
    else if (typeof t === "number") ms = t;
    else throw new TypeError("Failed to execute 'setAlarm' on 'DurableObjectStorage': parameter 1 is not of type 'date'.");
    if (!Number.isFinite(ms)) throw new TypeError("The value cannot be converted because it is not a valid Date.");
    // Times are kept as int64 nanoseconds.
    if (ms > 9223372036854.775) throw new TypeError("This API doesn't support dates after 2189.");
    ms = Math.trunc(ms);
    if (ms <= 0) throw new TypeError("setAlarm() cannot be called with an alarm time <= 0");
    return ms;
  }
  // Before capture_async_api_throws (2022-10-31) an API that returns a
  // promise threw its argument errors instead of rejecting.
  const promise = host.captureAsyncThrows
    ? (fn) => { try { return Promise.resolve(fn()); } catch (e) { return Promise.reject(e); } }
    : (fn) => Promise.resolve(fn());

  const kvIterations = new WeakMap();
  const syncKVIface = "SyncKvStorage";
  function checkSyncKV() { if (!host.sqlite) throw new Error(host.msgSyncKV); }
  class SyncKV {
    get(key) {
      if (arguments.length === 0) throw notType("get", syncKVIface, 1, "string");
      const k = keyString(key);
      checkSyncKV();
      const r = host.kvGet([k], false);
      return r.length ? r[0][1] : undefined;
    }
    put(key, value) {
      if (arguments.length === 0) throw notType("put", syncKVIface, 1, "string");
      if (arguments.length === 1) throw notType("put", syncKVIface, 2, "JsValue");
      const k = keyString(key);
      checkSyncKV();
      host.kvPut([[k, value]]);
    }
    delete(key) {
      if (arguments.length === 0) throw notType("delete", syncKVIface, 1, "string");
      const k = keyString(key);
      checkSyncKV();
      return host.kvDelete([k], false) === 1;
    }
    list(o) {
      checkListOptions(o, syncKVIface);
      checkSyncKV();
      const gen = (kvIterations.get(this) || 0) + 1;
      kvIterations.set(this, gen);
      const rows = host.kvList(listOpts(o));
      let i = 0;
      const self = this;
      const it = Object.create(iterProto);
      it.next = () => {
        if (kvIterations.get(self) !== gen) throw new Error("kv.list() iterator was invalidated because a new call to kv.list() was started. Only one kv.list() iterator can exist at a time.");
        return i < rows.length ? { done: false, value: rows[i++] } : { done: true, value: undefined };
      };
      return it;
    }
  }

  class DurableObjectStorage {
    constructor() { this.sql = new SqlStorage(); this.kv = new SyncKV(); }
    get(keys, opts) { const a = arguments; return promise(() => kvOps.get(a)); }
    put(key, value, opts) { const a = arguments; return promise(() => kvOps.put(a)); }
    delete(keys, opts) { const a = arguments; return promise(() => kvOps.delete(a)); }
    list(opts) { const a = arguments; return promise(() => kvOps.list(a)); }
    deleteAll(opts) { return promise(() => { host.deleteAll(); }); }
    getAlarm(opts) { return promise(() => host.getAlarm()); }
    setAlarm(t, opts) { return promise(() => { const ms = alarmTime(t); host.setAlarm(ms); }); }
    deleteAlarm(opts) { return promise(() => { host.deleteAlarm(); }); }
    sync() { return Promise.resolve(); }
    getCurrentBookmark() { return Promise.resolve("00000000-00000000-00000000-00000000000000000000000000000000"); }
    getBookmarkForTime(t) { return this.getCurrentBookmark(); }
    onNextSessionRestoreBookmark(b) { return Promise.resolve(b); }
    transactionSync(fn) {
      if (typeof fn !== "function") throw notType("transactionSync", "DurableObjectStorage", 1, "function");
      const name = host.savepoint();
      let result;
      try {
        result = fn();
      } catch (e) {
        host.rollbackTo(name);
        throw e;
      }
      host.release(name);
      return result;
    }
    transaction(fn, opts) {
      if (typeof fn !== "function") return Promise.reject(notType("transaction", "DurableObjectStorage", 1, "function"));
      return host.criticalSection(async () => {
        const name = host.txnBegin();
        const txn = new Transaction();
        const st = { name, state: "open" };
        txns.set(txn, st);
        let result;
        try {
          result = await fn(txn);
        } catch (e) {
          st.state = "rolledback";
          host.txnEnd(name, false);
          throw e;
        }
        if (st.state === "rolledback") host.txnEnd(name, false);
        else { st.state = "committed"; host.txnEnd(name, true); }
        return result;
      }, true);
    }
  }
  const txns = new WeakMap();
  function txnCheck(txn, op) {
    const st = txns.get(txn);
    if (st.state === "rolledback") throw new Error(`Cannot ${op} on rolled back transaction`);
    if (st.state === "committed") throw new Error(`Cannot call ${op} on transaction that has already committed: did you move \`txn\` outside of the closure?`);
  }
  class Transaction {
    get(k, o) { const a = arguments; return promise(() => { txnCheck(this, "get()"); return kvOps.get(a); }); }
    put(k, v, o) { const a = arguments; return promise(() => { txnCheck(this, "put()"); return kvOps.put(a); }); }
    delete(k, o) { const a = arguments; return promise(() => { txnCheck(this, "delete()"); return kvOps.delete(a); }); }
    list(o) { const a = arguments; return promise(() => { txnCheck(this, "list()"); return kvOps.list(a); }); }
    getAlarm(o) { return promise(() => { txnCheck(this, "getAlarm()"); return host.getAlarm(); }); }
    setAlarm(t, o) { return promise(() => { txnCheck(this, "setAlarm()"); host.setAlarm(alarmTime(t)); }); }
    deleteAlarm(o) { return promise(() => { txnCheck(this, "deleteAlarm()"); host.deleteAlarm(); }); }
    deleteAll() { return Promise.reject(new Error("Cannot call deleteAll() within a transaction")); }
    rollback() { txnCheck(this, "rollback()"); txns.get(this).state = "rolledback"; host.txnRollback(txns.get(this).name); }
  }

  class DurableObjectState {
    constructor(id, exportsObj) {
      this.id = id;
      this.storage = new DurableObjectStorage();
      this.props = {};
      this.container = undefined;
      this.facets = undefined;
      if (exportsObj !== undefined) this.exports = exportsObj;
    }
    blockConcurrencyWhile(fn) { return host.criticalSection(fn); }
    waitUntil(p) { host.waitUntil(p); }
    abort(reason, opts) { host.abort(reason === undefined ? undefined : String(reason), opts && opts.retryAlarm === false); }
    acceptWebSocket(ws, tags) { host.acceptWebSocket(ws, tags === undefined ? [] : Array.from(tags, String)); }
    getWebSockets(tag) { return host.getWebSockets(tag === undefined ? null : String(tag)); }
    getTags(ws) { return host.getTags(ws); }
    setWebSocketAutoResponse(pair) {
      if (pair === undefined) host.setAutoResponse(null, null);
      else host.setAutoResponse(pair.request, pair.response);
    }
    getWebSocketAutoResponse() {
      const r = host.getAutoResponse();
      return r === null ? null : new WebSocketRequestResponsePair(r[0], r[1]);
    }
    getWebSocketAutoResponseTimestamp(ws) { const t = host.autoResponseTimestamp(ws); return t === null ? null : new Date(t); }
    setHibernatableWebSocketEventTimeout(ms) { this._hwet = ms; }
    getHibernatableWebSocketEventTimeout() { return this._hwet === undefined ? null : this._hwet; }
  }

  class ExecutionContext {
    constructor() { this.props = {}; }
    waitUntil(p) { host.waitUntil(p); }
    passThroughOnException() {}
  }
  // Workflows never run in the sandbox; the classes are here so that a
  // module defining one loads.
  class WorkflowEntrypoint {
    constructor(ctx, env) { this.ctx = ctx; this.env = env; }
  }
  class WorkflowStep {
    constructor() { illegalConstructor(); }
  }

  // ---- Cache API ----
  // Entries live in the runtime (cache.go), shared by the Worker and its
  // objects; a response is kept as long as its headers allow.
  const cacheNames = new WeakMap();
  let makingCache = false;
  class Cache {
    constructor() { if (!makingCache) illegalConstructor(); }
    put(request, response) {
      return promise(() => {
        const req = request instanceof Request ? request : new Request(request);
        if (req.method !== "GET") throw new TypeError("Cannot cache response to non-GET request.");
        if (!(response instanceof Response)) throw new TypeError("Failed to execute 'put' on 'Cache': parameter 2 is not of type 'Response'.");
        if (response.status === 206) throw new TypeError("Cannot cache response to a range request (206 Partial Content).");
        if ((response.headers.get("vary") || "").split(",").some((v) => v.trim() === "*")) throw new TypeError("Cannot cache response with 'Vary: *' header.");
        host.cachePut(cacheNames.get(this), req.url, response);
        response._take();
      });
    }
    match(request, options) {
      return promise(() => {
        const req = request instanceof Request ? request : new Request(request);
        if (req.method !== "GET" && !(options && options.ignoreMethod)) return undefined;
        return host.cacheMatch(cacheNames.get(this), req.url);
      });
    }
    delete(request, options) {
      return promise(() => {
        const req = request instanceof Request ? request : new Request(request);
        if (req.method !== "GET" && !(options && options.ignoreMethod)) return false;
        return host.cacheDelete(cacheNames.get(this), req.url);
      });
    }
  }
  const openCache = (name) => {
    makingCache = true;
    try { const c = new Cache(); cacheNames.set(c, name); return c; } finally { makingCache = false; }
  };
  const defaultCache = openCache("");
  class CacheStorage {
    constructor() { if (!makingCache) illegalConstructor(); }
    get default() { return defaultCache; }
    open(name) { return Promise.resolve(openCache("named:" + String(name))); }
  }
  def("Cache", Cache);
  def("CacheStorage", CacheStorage);
  makingCache = true;
  try { def("caches", new CacheStorage()); } finally { makingCache = false; }

  // ---- Compression streams ----
  // TransformStreams (streams.js, defined after this file, so the classes
  // are linked to it on first use) that compress or decompress the whole
  // input when the writable closes.
  const compressionFormats = ["deflate", "deflate-raw", "gzip"];
  function codecStream(C, format, code, newTarget) {
    format = String(format);
    if (!compressionFormats.includes(format)) throw new TypeError("The compression format must be either 'deflate', 'deflate-raw' or 'gzip'.");
    if (Object.getPrototypeOf(C.prototype) !== TransformStream.prototype) {
      Object.setPrototypeOf(C.prototype, TransformStream.prototype);
      Object.setPrototypeOf(C, TransformStream);
    }
    const chunks = [];
    return Reflect.construct(TransformStream, [{
      transform(chunk) {
        if (!(chunk instanceof ArrayBuffer || ArrayBuffer.isView(chunk))) throw new TypeError("The chunk must be an ArrayBuffer or an ArrayBufferView.");
        const b = chunk instanceof ArrayBuffer ? new Uint8Array(chunk) : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        chunks.push(b.slice());
      },
      flush(c) {
        const all = new Uint8Array(chunks.reduce((n, b) => n + b.length, 0));
        let at = 0;
        for (const b of chunks) { all.set(b, at); at += b.length; }
        const out = new Uint8Array(code(format, all.buffer));
        if (out.length) c.enqueue(out);
      },
    }], newTarget);
  }
  class CompressionStream {
    constructor(format) { return codecStream(CompressionStream, format, host.compress, new.target); }
  }
  class DecompressionStream {
    constructor(format) { return codecStream(DecompressionStream, format, host.decompress, new.target); }
  }
  def("CompressionStream", CompressionStream);
  def("DecompressionStream", DecompressionStream);

  // WeakRef and FinalizationRegistry exist from enable_weak_ref
  // (2025-05-05) on. goja has neither, so these hold their targets
  // strongly and never call a cleanup callback, which the language
  // allows: a collector may keep any object.
  const canBeHeldWeakly = (v) => (typeof v === "object" && v !== null) || typeof v === "function" || (typeof v === "symbol" && Symbol.keyFor(v) === undefined);
  if (host.weakRef && typeof global.WeakRef === "undefined") {
    const targets = new WeakMap();
    function WeakRef(target) {
      if (!new.target) throw new TypeError("Constructor WeakRef requires 'new'");
      if (!canBeHeldWeakly(target)) throw new TypeError("WeakRef: invalid target");
      targets.set(this, target);
    }
    Object.defineProperty(WeakRef.prototype, "deref", {
      value: function deref() { return targets.get(this); }, writable: true, configurable: true,
    });
    Object.defineProperty(WeakRef.prototype, Symbol.toStringTag, { value: "WeakRef", configurable: true });
    const registrations = new WeakMap();
    function FinalizationRegistry(cleanup) {
      if (!new.target) throw new TypeError("Constructor FinalizationRegistry requires 'new'");
      if (typeof cleanup !== "function") throw new TypeError("FinalizationRegistry: cleanup must be callable");
      registrations.set(this, new Map());
    }
    const tokenError = (token) => new TypeError(`Invalid unregisterToken ('${String(token)}')`);
    Object.defineProperties(FinalizationRegistry.prototype, {
      register: {
        value: function register(target, held, token) {
          if (!canBeHeldWeakly(target)) throw new TypeError("FinalizationRegistry.prototype.register: invalid target");
          if (target === held) throw new TypeError("FinalizationRegistry.prototype.register: target and holdings must not be same");
          if (token !== undefined) {
            if (!canBeHeldWeakly(token)) throw tokenError(token);
            const byToken = registrations.get(this);
            byToken.set(token, (byToken.get(token) || 0) + 1);
          }
        },
        writable: true, configurable: true,
      },
      unregister: {
        value: function unregister(token) {
          if (!canBeHeldWeakly(token)) throw tokenError(token);
          return registrations.get(this).delete(token);
        },
        writable: true, configurable: true,
      },
      [Symbol.toStringTag]: { value: "FinalizationRegistry", configurable: true },
    });
    def("WeakRef", WeakRef);
    def("FinalizationRegistry", FinalizationRegistry);
  }
  // navigator.language and languages exist from enable_navigator_language
  // (2025-05-19) on.
  if (!host.navigatorLanguage && typeof global.navigator === "object") {
    const kept = Object.getOwnPropertyDescriptors(global.navigator);
    delete kept.language;
    delete kept.languages;
    def("navigator", Object.freeze(Object.create(Object.getPrototypeOf(global.navigator), kept)));
  }

  // From set_tostring_tag (2024-09-26) on, workerd's API objects name
  // their class to Object.prototype.toString; before, they were plain
  // "[object Object]".
  if (host.setToStringTag) {
    const classes = {
      Headers: global.Headers, Request: global.Request, Response: global.Response, URL: global.URL,
      URLSearchParams: global.URLSearchParams, TextEncoder: global.TextEncoder, TextDecoder: global.TextDecoder,
      Blob: global.Blob, File: global.File, FormData: global.FormData, Event: global.Event,
      EventTarget: global.EventTarget, CustomEvent: global.CustomEvent, MessageEvent: global.MessageEvent,
      CloseEvent: global.CloseEvent, ErrorEvent: global.ErrorEvent, AbortController: global.AbortController,
      AbortSignal: global.AbortSignal, ReadableStream: global.ReadableStream, WritableStream: global.WritableStream,
      TransformStream: global.TransformStream, TextEncoderStream: global.TextEncoderStream,
      TextDecoderStream: global.TextDecoderStream, CompressionStream: global.CompressionStream,
      DecompressionStream: global.DecompressionStream, Cache: global.Cache, CacheStorage: global.CacheStorage,
      WebSocket, WebSocketPair, DurableObjectNamespace, DurableObjectId,
    };
    for (const [name, C] of Object.entries(classes)) {
      if (typeof C !== "function" || !C.prototype || Object.prototype.hasOwnProperty.call(C.prototype, Symbol.toStringTag)) continue;
      Object.defineProperty(C.prototype, Symbol.toStringTag, { value: name, configurable: true });
    }
  }

  def("__workers", {
    DurableObject, WorkerEntrypoint, RpcTarget, DurableObjectNamespace, DurableObjectState, DurableObjectId,
    ExecutionContext, WebSocket, capStub, stubHandle, ownStubs, unclonable,
  });
  const importedEnvOff = {};
  const modules = {
    "cloudflare:workers": {
      DurableObject, WorkerEntrypoint, RpcTarget, RpcStub, WebSocketRequestResponsePair, WorkflowEntrypoint, WorkflowStep,
      // With disallow_importable_env the imported env is empty.
      get env() { return host.importableEnv ? host.env : importedEnvOff; },
      waitUntil(p) { host.waitUntil(p); },
    },
  };
  def("__require", (name) => {
    if (Object.prototype.hasOwnProperty.call(modules, name)) return modules[name];
    if (host.moduleStandIn && name.startsWith("node:")) return host.moduleStandIn(name);
    throw new Error(`No such module "${name}".`);
  });
})(globalThis, __do);
