// Durable Object and Workers APIs, built on the natives in `host`.
(function (global, host) {
  "use strict";
  const def = (name, value) => Object.defineProperty(global, name, { value, writable: true, configurable: true, enumerable: false });
  const iterProto = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));

  class DurableObject {
    constructor(ctx, env) { this.ctx = ctx; this.env = env; }
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

  const reservedProps = new Set(["fetch", "id", "name", "then", "connect", "dup", "constructor"]);
  function makeStub(ns, id) {
    const target = {
      id,
      name: id.name,
      fetch(input, init) {
        const req = input instanceof Request && init === undefined ? input : new Request(input, init);
        return host.stubFetch(ns, id._hex, id.name, req);
      },
    };
    if (!host.rpcEnabled) {
      return new Proxy(target, {
        get(t, p) {
          if (p in t) return t[p];
          if (typeof p === "string") console.log(`WARNING: Tried to access method or property '${p}' on a Service Binding or Durable Object stub. Are you trying to use RPC? If so, please enable the 'rpc' compat flag or update your compat date to 2024-04-03 or later (see https://developers.cloudflare.com/workers/configuration/compatibility-dates/ ).`);
          return undefined;
        },
      });
    }
    return new Proxy(target, {
      get(t, p) {
        if (typeof p !== "string") return undefined;
        if (p === "then") return undefined;
        if (p in t && reservedProps.has(p)) return t[p];
        const call = (...args) => host.rpc(ns, id._hex, id.name, p, args, false);
        call.then = (ok, fail) => host.rpc(ns, id._hex, id.name, p, [], true).then(ok, fail);
        call.catch = (fail) => call.then(undefined, fail);
        return call;
      },
    });
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
        if (!(code >= 1000 && code <= 4999) || code === 1004 || code === 1005 || code === 1006 || code === 1015) throw new TypeError(`Invalid WebSocket close code: ${code}.`);
      }
      if (reason !== undefined && host.closeReasonLimit && new TextEncoder().encode(String(reason)).length > 123)
        throw new SyntaxError("WebSocket close reason must not be longer than 123 bytes when UTF-8 encoded.");
      host.wsClose(this._h, code === undefined ? 1000 : code, reason === undefined ? "" : String(reason));
    }
    serializeAttachment(v) { host.wsSetAttachment(this._h, v); }
    deserializeAttachment() { return host.wsGetAttachment(this._h); }
  }
  WebSocket.CONNECTING = 0; WebSocket.OPEN = 1; WebSocket.CLOSING = 2; WebSocket.CLOSED = 3;
  def("WebSocket", WebSocket);
  def("__wsDispatch", (ws, type, init) => ws.dispatchEvent(new Event(type, init)));
  class WebSocketPair {
    constructor() {
      const [a, b] = host.wsPair();
      const ca = new WebSocket(a), cb = new WebSocket(b);
      this[0] = ca; this[1] = cb;
    }
  }
  def("WebSocketPair", WebSocketPair);

  // ---- SQL ----
  const doneValue = host.doneHasValue ? () => ({ done: true, value: undefined }) : () => ({ done: true });
  function bindValue(v) {
    if (v === undefined || v === null) return null;
    if (typeof v === "number") return v;
    if (typeof v === "bigint") throw new TypeError("Cannot convert a BigInt value to a number");
    if (v instanceof ArrayBuffer) return v;
    if (ArrayBuffer.isView(v)) return v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength);
    return String(v);
  }
  class Cursor {
    constructor(h) { this._h = h; this.columnNames = h.columns.slice(); }
    _row(r) { const o = {}; this.columnNames.forEach((c, i) => { o[c] = r[i]; }); return o; }
    next() { const r = this._h.next(); return r === null ? doneValue() : { done: false, value: this._row(r) }; }
    toArray() { const out = []; let r; while ((r = this._h.next()) !== null) out.push(this._row(r)); return out; }
    one() {
      const first = this._h.next();
      if (first === null) throw new Error("Expected exactly one result from SQL query, but got no results.");
      if (this._h.next() !== null) throw new Error("Expected exactly one result from SQL query, but got multiple results.");
      return this._row(first);
    }
    raw() {
      const h = this._h;
      const it = Object.create(iterProto);
      it.next = () => { const r = h.next(); return r === null ? doneValue() : { done: false, value: r }; };
      it.toArray = () => { const out = []; let r; while ((r = h.next()) !== null) out.push(r); return out; };
      return it;
    }
    get rowsRead() { return this._h.counters()[0]; }
    get rowsWritten() { return this._h.counters()[1]; }
    [Symbol.iterator]() { return this; }
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
  const kvOps = {
    get(keys) {
      if (Array.isArray(keys)) return new Map(host.kvGet(keys.map(String), true));
      const r = host.kvGet([String(keys)], false);
      return r.length ? r[0][1] : undefined;
    },
    put(key, value, opts) {
      if (typeof key === "object" && key !== null && !Array.isArray(key)) {
        if (value !== undefined && (typeof value !== "object" || value === null)) throw new TypeError(putShape);
        const entries = Object.keys(key).filter((k) => key[k] !== undefined).map((k) => [k, key[k]]);
        host.kvPut(entries);
        return undefined;
      }
      if (arguments.length < 2) throw new TypeError(putShape);
      if (value === undefined) throw new TypeError("put() called with undefined value.");
      host.kvPut([[String(key), value]]);
      return undefined;
    },
    delete(keys) {
      if (Array.isArray(keys)) return host.kvDelete(keys.map(String), true);
      return host.kvDelete([String(keys)], false) === 1;
    },
    list(o) { return new Map(host.kvList(listOpts(o))); },
  };
  function alarmTime(t) {
    let ms;
    if (t instanceof Date) ms = t.getTime();
    else if (typeof t === "number") ms = t;
    else throw new TypeError("Failed to execute 'setAlarm' on 'DurableObjectStorage': parameter 1 is not of type 'date'.");
    if (Number.isNaN(ms)) throw new TypeError("The value cannot be converted because it is not a valid Date.");
    if (ms <= 0) throw new TypeError("setAlarm() cannot be called with an alarm time <= 0");
    return ms;
  }
  const promise = (fn) => { try { return Promise.resolve(fn()); } catch (e) { return Promise.reject(e); } };

  class SyncKV {
    _check() { if (!host.sqlite) throw new Error(host.msgSyncKV); }
    get(key) { this._check(); const r = host.kvGet([String(key)], false); return r.length ? r[0][1] : undefined; }
    put(key, value) {
      this._check();
      if (value === undefined) throw new TypeError("put() called with undefined value.");
      host.kvPut([[String(key), value]]);
    }
    delete(key) { this._check(); return host.kvDelete([String(key)], false) === 1; }
    list(o) {
      this._check();
      const gen = ++this._gen || (this._gen = 1);
      const rows = host.kvList(listOpts(o));
      let i = 0;
      const self = this;
      const it = Object.create(iterProto);
      it.next = () => {
        if (self._gen !== gen) throw new Error("kv.list() iterator was invalidated because a new call to kv.list() was started. Only one kv.list() iterator can exist at a time.");
        return i < rows.length ? { done: false, value: rows[i++] } : { done: true, value: undefined };
      };
      return it;
    }
  }

  class DurableObjectStorage {
    constructor() { this.sql = new SqlStorage(); this.kv = new SyncKV(); }
    get(keys, opts) { return promise(() => kvOps.get(keys)); }
    put(key, value, opts) { const a = arguments; return promise(() => kvOps.put.apply(null, a)); }
    delete(keys, opts) { return promise(() => kvOps.delete(keys)); }
    list(opts) { return promise(() => kvOps.list(opts)); }
    deleteAll(opts) { return promise(() => { host.deleteAll(); }); }
    getAlarm(opts) { return promise(() => host.getAlarm()); }
    setAlarm(t, opts) { return promise(() => { const ms = alarmTime(t); host.setAlarm(ms); }); }
    deleteAlarm(opts) { return promise(() => { host.deleteAlarm(); }); }
    sync() { return Promise.resolve(); }
    getCurrentBookmark() { return Promise.resolve(host.sqlite ? host.bookmark() : "00000000-00000000-00000000-00000000000000000000000000000000"); }
    getBookmarkForTime(t) { return this.getCurrentBookmark(); }
    onNextSessionRestoreBookmark(b) { return Promise.resolve(b); }
    transactionSync(fn) {
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
      return host.criticalSection(async () => {
        const name = host.txnBegin();
        const txn = new Transaction(name);
        let result;
        try {
          result = await fn(txn);
        } catch (e) {
          txn._state = "rolledback";
          host.txnEnd(name, false);
          throw e;
        }
        if (txn._state === "rolledback") host.txnEnd(name, false);
        else { txn._state = "committed"; host.txnEnd(name, true); }
        return result;
      }, true);
    }
  }
  class Transaction {
    constructor(name) { this._name = name; this._state = "open"; }
    _check(op) {
      if (this._state === "rolledback") throw new Error(`Cannot ${op} on rolled back transaction`);
      if (this._state === "committed") throw new Error(`Cannot call ${op} on transaction that has already committed: did you move \`txn\` outside of the closure?`);
    }
    get(k, o) { return promise(() => { this._check("get()"); return kvOps.get(k); }); }
    put(k, v, o) { const a = arguments; return promise(() => { this._check("put()"); return kvOps.put.apply(null, a); }); }
    delete(k, o) { return promise(() => { this._check("delete()"); return kvOps.delete(k); }); }
    list(o) { return promise(() => { this._check("list()"); return kvOps.list(o); }); }
    getAlarm(o) { return promise(() => { this._check("getAlarm()"); return host.getAlarm(); }); }
    setAlarm(t, o) { return promise(() => { this._check("setAlarm()"); host.setAlarm(alarmTime(t)); }); }
    deleteAlarm(o) { return promise(() => { this._check("deleteAlarm()"); host.deleteAlarm(); }); }
    deleteAll() { return Promise.reject(new Error("Cannot call deleteAll() within a transaction")); }
    rollback() { this._check("rollback()"); this._state = "rolledback"; host.txnRollback(this._name); }
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
    waitUntil(p) { host.waitUntil(p); }
    passThroughOnException() {}
  }

  def("__workers", {
    DurableObject, WorkerEntrypoint, RpcTarget, DurableObjectNamespace, DurableObjectState, DurableObjectId,
    ExecutionContext, WebSocket,
  });
  const modules = {
    "cloudflare:workers": { DurableObject, WorkerEntrypoint, RpcTarget, WebSocketRequestResponsePair, get env() { return host.env; } },
  };
  def("__require", (name) => {
    if (Object.prototype.hasOwnProperty.call(modules, name)) return modules[name];
    throw new Error(`No such module "${name}".`);
  });
})(globalThis, __do);
