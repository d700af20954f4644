// Web Streams (ReadableStream, WritableStream, TransformStream and the
// text and identity streams built on them) as standalone objects, after
// the WHATWG Streams standard's default (not byte) streams. Request and
// Response bodies stay buffered whole: a stream is not a body here.
(function (global) {
  "use strict";
  const def = (name, value) => Object.defineProperty(global, name, { value, writable: true, configurable: true, enumerable: false });
  const internal = new WeakMap();
  const $ = (o, kind) => {
    const s = internal.get(o);
    if (!s || s.kind !== kind) throw new TypeError(`Illegal invocation: not a ${kind}`);
    return s;
  };
  const deferred = () => {
    let resolve, reject;
    const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
  const settled = (p) => { p.catch(() => {}); return p; };
  const call = (obj, name, args, fallback) => {
    const f = obj == null ? undefined : obj[name];
    if (f === undefined || f === null) return Promise.resolve(fallback);
    if (typeof f !== "function") return Promise.reject(new TypeError(`${name} is not a function`));
    try { return Promise.resolve(f.apply(obj, args)); } catch (e) { return Promise.reject(e); }
  };
  function strategyOf(strategy, defaultHWM) {
    strategy = strategy == null ? {} : strategy;
    let hwm = strategy.highWaterMark === undefined ? defaultHWM : Number(strategy.highWaterMark);
    if (Number.isNaN(hwm) || hwm < 0) throw new RangeError("highWaterMark must be a non-negative number");
    const size = strategy.size === undefined ? () => 1 : strategy.size;
    if (typeof size !== "function") throw new TypeError("size must be a function");
    return { hwm, size };
  }

  class CountQueuingStrategy {
    constructor(init) { this.highWaterMark = Number(init && init.highWaterMark); }
    get size() { return () => 1; }
  }
  class ByteLengthQueuingStrategy {
    constructor(init) { this.highWaterMark = Number(init && init.highWaterMark); }
    get size() { return (chunk) => chunk.byteLength; }
  }

  // ---- ReadableStream ----

  class ReadableStreamDefaultController {
    constructor() { throw new TypeError("Illegal constructor"); }
    get desiredSize() { return desiredSize($(this, "ReadableStreamDefaultController").stream); }
    close() {
      const s = $(this, "ReadableStreamDefaultController").stream;
      if (!canClose(s)) throw new TypeError("The stream is closed or closing");
      s.closeRequested = true;
      if (s.queue.length === 0) finishClose(s);
    }
    enqueue(chunk) {
      const s = $(this, "ReadableStreamDefaultController").stream;
      if (!canClose(s)) throw new TypeError("The stream is closed or closing");
      enqueue(s, chunk);
    }
    error(e) { errorReadable($(this, "ReadableStreamDefaultController").stream, e); }
  }
  const canClose = (s) => s.state === "readable" && !s.closeRequested;
  const desiredSize = (s) => s.state === "errored" ? null : s.state === "closed" ? 0 : s.hwm - s.queueSize;

  function enqueue(s, chunk) {
    if (s.reader && s.reader.requests.length > 0) {
      s.reader.requests.shift().resolve({ value: chunk, done: false });
    } else {
      let size;
      try { size = Number(s.size(chunk)); } catch (e) { errorReadable(s, e); throw e; }
      if (Number.isNaN(size) || size < 0 || size === Infinity) {
        const e = new RangeError("The chunk's size must be a finite, non-negative number");
        errorReadable(s, e);
        throw e;
      }
      s.queue.push({ chunk, size });
      s.queueSize += size;
    }
    pullIfNeeded(s);
  }
  function finishClose(s) {
    if (s.state !== "readable") return;
    s.state = "closed";
    s.pullAlgo = s.cancelAlgo = null;
    const r = s.reader;
    if (r) {
      for (const req of r.requests.splice(0)) req.resolve({ value: undefined, done: true });
      r.closed.resolve(undefined);
    }
  }
  function errorReadable(s, e) {
    if (s.state !== "readable") return;
    s.state = "errored";
    s.storedError = e;
    s.queue = [];
    s.queueSize = 0;
    s.pullAlgo = s.cancelAlgo = null;
    const r = s.reader;
    if (r) {
      for (const req of r.requests.splice(0)) req.reject(e);
      r.closed.reject(e);
    }
  }
  function pullIfNeeded(s) {
    if (!s.started || s.state !== "readable" || s.closeRequested || !s.pullAlgo) return;
    const wanted = (s.reader && s.reader.requests.length > 0) || desiredSize(s) > 0;
    if (!wanted) return;
    if (s.pulling) { s.pullAgain = true; return; }
    s.pulling = true;
    s.pullAlgo().then(() => {
      s.pulling = false;
      if (s.pullAgain) { s.pullAgain = false; pullIfNeeded(s); }
    }, (e) => errorReadable(s, e));
  }
  function cancelReadable(s, reason) {
    s.disturbed = true;
    if (s.state === "closed") return Promise.resolve(undefined);
    if (s.state === "errored") return Promise.reject(s.storedError);
    s.queue = [];
    s.queueSize = 0;
    const cancel = s.cancelAlgo;
    finishClose(s);
    return (cancel ? cancel(reason) : Promise.resolve()).then(() => undefined);
  }
  function readFrom(s) {
    s.disturbed = true;
    if (s.state === "closed") return Promise.resolve({ value: undefined, done: true });
    if (s.state === "errored") return Promise.reject(s.storedError);
    if (s.queue.length > 0) {
      const { chunk, size } = s.queue.shift();
      s.queueSize -= size;
      if (s.queue.length === 0) s.queueSize = 0;
      if (s.closeRequested && s.queue.length === 0) finishClose(s);
      else pullIfNeeded(s);
      return Promise.resolve({ value: chunk, done: false });
    }
    const d = deferred();
    s.reader.requests.push(d);
    pullIfNeeded(s);
    return d.promise;
  }

  // setupReadable makes a stream whose start, pull and cancel are
  // functions of the controller (or the reason), as TransformStream and
  // tee need.
  function setupReadable(stream, start, pull, cancel, hwm, size) {
    const s = {
      kind: "ReadableStream", state: "readable", queue: [], queueSize: 0, hwm, size,
      started: false, pulling: false, pullAgain: false, closeRequested: false, disturbed: false,
      reader: null, storedError: undefined, controller: null,
    };
    internal.set(stream, s);
    const controller = Object.create(ReadableStreamDefaultController.prototype);
    internal.set(controller, { kind: "ReadableStreamDefaultController", stream: s });
    s.controller = controller;
    s.pullAlgo = pull ? () => pull(controller) : null;
    s.cancelAlgo = cancel ? (r) => cancel(r) : null;
    let started;
    try { started = Promise.resolve(start ? start(controller) : undefined); } catch (e) { started = Promise.reject(e); }
    started.then(() => { s.started = true; pullIfNeeded(s); }, (e) => errorReadable(s, e));
    return s;
  }

  class ReadableStream {
    constructor(source = undefined, strategy = undefined) {
      const src = source == null ? {} : source;
      if (src.type !== undefined && String(src.type) !== "bytes") throw new RangeError(`Invalid type: ${src.type}`);
      const { hwm, size } = strategyOf(strategy, src.type === "bytes" ? 0 : 1);
      setupReadable(this,
        (c) => typeof src.start === "function" ? src.start.call(src, c) : undefined,
        src.pull === undefined ? null : (c) => call(src, "pull", [c]),
        src.cancel === undefined ? null : (r) => call(src, "cancel", [r]),
        hwm, size);
    }
    get locked() { return $(this, "ReadableStream").reader !== null; }
    cancel(reason) {
      const s = internal.get(this);
      if (!s || s.kind !== "ReadableStream") return Promise.reject(new TypeError("Illegal invocation"));
      if (s.reader) return Promise.reject(new TypeError("The stream is locked to a reader"));
      return cancelReadable(s, reason);
    }
    getReader(options = undefined) {
      $(this, "ReadableStream");
      if (options && options.mode !== undefined) {
        if (String(options.mode) === "byob") throw new TypeError("BYOB readers are not supported by the sandbox");
        throw new RangeError(`Invalid reader mode: ${options.mode}`);
      }
      return new ReadableStreamDefaultReader(this);
    }
    tee() {
      const s = $(this, "ReadableStream");
      const reader = this.getReader();
      let reading = false, canceled = [false, false], reasons = [], branches = [];
      const cancelBoth = deferred();
      const pull = () => {
        if (reading) return Promise.resolve();
        reading = true;
        readFrom(s).then(({ value, done }) => {
          reading = false;
          for (let i = 0; i < 2; i++) {
            const b = internal.get(branches[i]);
            if (canceled[i] || b.state !== "readable" || b.closeRequested) continue;
            if (done) b.controller.close();
            else b.controller.enqueue(value);
          }
          if (done) cancelBoth.resolve(undefined);
        }, () => { reading = false; });
        return Promise.resolve();
      };
      const cancel = (i) => (reason) => {
        canceled[i] = true;
        reasons[i] = reason;
        if (canceled[0] && canceled[1]) cancelBoth.resolve(cancelReadable(s, reasons));
        return cancelBoth.promise;
      };
      for (let i = 0; i < 2; i++) {
        const b = Object.create(ReadableStream.prototype);
        setupReadable(b, null, pull, cancel(i), 1, () => 1);
        branches.push(b);
      }
      settled(reader.closed).catch((e) => {
        for (const b of branches) errorReadable(internal.get(b), e);
        cancelBoth.resolve(undefined);
      });
      return branches;
    }
    pipeThrough(transform, options = undefined) {
      if (!transform || !(transform.writable instanceof WritableStream) || !(transform.readable instanceof ReadableStream)) {
        throw new TypeError("pipeThrough needs a { writable, readable } pair");
      }
      if (this.locked) throw new TypeError("The stream is locked to a reader");
      if (transform.writable.locked) throw new TypeError("The writable side is locked to a writer");
      settled(this.pipeTo(transform.writable, options));
      return transform.readable;
    }
    pipeTo(dest, options = undefined) {
      if (!internal.has(this) || !(dest instanceof WritableStream)) return Promise.reject(new TypeError("pipeTo needs a WritableStream"));
      if (this.locked) return Promise.reject(new TypeError("The stream is locked to a reader"));
      if (dest.locked) return Promise.reject(new TypeError("The destination is locked to a writer"));
      const o = options || {};
      return pipe(this, dest, !!o.preventClose, !!o.preventAbort, !!o.preventCancel, o.signal);
    }
    values(options = undefined) {
      const reader = this.getReader();
      const preventCancel = !!(options && options.preventCancel);
      let finished = false;
      const it = {
        next() {
          if (finished) return Promise.resolve({ value: undefined, done: true });
          return reader.read().then((r) => {
            if (r.done) { finished = true; reader.releaseLock(); }
            return r;
          }, (e) => { finished = true; reader.releaseLock(); throw e; });
        },
        return(value) {
          if (finished) return Promise.resolve({ value, done: true });
          finished = true;
          if (preventCancel) { reader.releaseLock(); return Promise.resolve({ value, done: true }); }
          const p = reader.cancel(value);
          reader.releaseLock();
          return p.then(() => ({ value, done: true }));
        },
        [Symbol.asyncIterator]() { return this; },
      };
      return it;
    }
    [Symbol.asyncIterator](options) { return this.values(options); }
    static from(iterable) {
      if (iterable instanceof ReadableStream) return iterable;
      const getIt = iterable != null && (iterable[Symbol.asyncIterator] || iterable[Symbol.iterator]);
      if (typeof getIt !== "function") throw new TypeError("ReadableStream.from needs an iterable or async iterable");
      const it = getIt.call(iterable);
      return new ReadableStream({
        async pull(c) {
          const r = await it.next();
          if (r.done) c.close();
          else c.enqueue(await r.value);
        },
        async cancel(reason) { if (typeof it.return === "function") await it.return(reason); },
      }, { highWaterMark: 0 });
    }
  }

  class ReadableStreamDefaultReader {
    constructor(stream) {
      const s = $(stream, "ReadableStream");
      if (s.reader) throw new TypeError("The stream is already locked to a reader");
      const r = { kind: "ReadableStreamDefaultReader", stream: s, requests: [], closed: deferred() };
      settled(r.closed.promise);
      internal.set(this, r);
      s.reader = r;
      if (s.state === "closed") r.closed.resolve(undefined);
      if (s.state === "errored") r.closed.reject(s.storedError);
    }
    get closed() { return $(this, "ReadableStreamDefaultReader").closed.promise; }
    read() {
      const r = internal.get(this);
      if (!r || r.kind !== "ReadableStreamDefaultReader") return Promise.reject(new TypeError("Illegal invocation"));
      if (!r.stream) return Promise.reject(new TypeError("The reader has been released"));
      return readFrom(r.stream);
    }
    cancel(reason) {
      const r = $(this, "ReadableStreamDefaultReader");
      if (!r.stream) return Promise.reject(new TypeError("The reader has been released"));
      return cancelReadable(r.stream, reason);
    }
    releaseLock() {
      const r = $(this, "ReadableStreamDefaultReader");
      if (!r.stream) return;
      const e = new TypeError("The reader was released");
      for (const req of r.requests.splice(0)) req.reject(e);
      if (r.stream.state === "readable") r.closed.reject(e);
      else { r.closed = deferred(); settled(r.closed.promise); r.closed.reject(e); }
      r.stream.reader = null;
      r.stream = null;
    }
  }

  // pipe reads from src and writes to dest until one ends, then
  // propagates the end as the options allow.
  function pipe(src, dest, preventClose, preventAbort, preventCancel, signal) {
    const reader = src.getReader();
    const writer = dest.getWriter();
    const rs = internal.get(src), ws = internal.get(dest);
    const done = deferred();
    let finished = false;
    const finish = (error, isError) => {
      if (finished) return;
      finished = true;
      writer.releaseLock();
      reader.releaseLock();
      if (signal && onAbort) signal.removeEventListener("abort", onAbort);
      if (isError) done.reject(error); else done.resolve(undefined);
    };
    let onAbort = null;
    if (signal) {
      onAbort = () => {
        const reason = signal.reason;
        const actions = [];
        if (!preventAbort && ws.state === "writable") actions.push(abortWritable(ws, reason));
        if (!preventCancel && rs.state === "readable") actions.push(cancelReadable(rs, reason));
        Promise.all(actions).then(() => finish(reason, true), (e) => finish(e, true));
      };
      if (signal.aborted) { onAbort(); return done.promise; }
      signal.addEventListener("abort", onAbort);
    }
    let lastWrite = Promise.resolve();
    const loop = () => {
      if (finished) return;
      if (ws.state !== "writable" || ws.closeRequested) {
        const e = ws.state === "errored" || ws.state === "erroring" ? ws.storedError : new TypeError("The destination is closed");
        if (!preventCancel) cancelReadable(rs, e).then(() => finish(e, true), (x) => finish(x, true));
        else finish(e, true);
        return;
      }
      writer.ready.then(() => readFrom(rs)).then(({ value, done: end }) => {
        if (finished) return;
        if (end) {
          if (preventClose) { lastWrite.then(() => finish(undefined, false), (e) => finish(e, true)); return; }
          writer.close().then(() => finish(undefined, false), (e) => finish(e, true));
          return;
        }
        lastWrite = writer.write(value);
        lastWrite.catch(() => {});
        loop();
      }, (e) => {
        if (finished) return;
        if (rs.state === "errored") {
          if (!preventAbort) abortWritable(ws, e).then(() => finish(e, true), (x) => finish(x, true));
          else finish(e, true);
          return;
        }
        // The writer's ready promise rejected: the destination errored.
        const we = ws.storedError;
        if (!preventCancel) cancelReadable(rs, we).then(() => finish(we, true), (x) => finish(x, true));
        else finish(we, true);
      });
    };
    loop();
    return done.promise;
  }

  // ---- WritableStream ----

  class WritableStreamDefaultController {
    constructor() { throw new TypeError("Illegal constructor"); }
    get signal() { return $(this, "WritableStreamDefaultController").abort.signal; }
    error(e) {
      const s = $(this, "WritableStreamDefaultController").stream;
      if (s.state === "writable") startErroring(s, e);
    }
  }

  function setupWritable(stream, start, write, close, abort, hwm, size) {
    const s = {
      kind: "WritableStream", state: "writable", storedError: undefined, writer: null,
      queue: [], queueSize: 0, hwm, size, started: false, inFlight: null, closeRequested: false,
      closeRequest: null, pendingAbort: null, backpressure: false, write, close, abort,
    };
    internal.set(stream, s);
    const controller = Object.create(WritableStreamDefaultController.prototype);
    const ac = new AbortController();
    internal.set(controller, { kind: "WritableStreamDefaultController", stream: s, abort: ac });
    s.controller = controller;
    s.abortController = ac;
    s.backpressure = hwm <= 0;
    let started;
    try { started = Promise.resolve(start ? start(controller) : undefined); } catch (e) { started = Promise.reject(e); }
    started.then(() => { s.started = true; advance(s); }, (e) => { s.started = true; if (s.state === "writable") startErroring(s, e); else finishErroring(s); });
    return s;
  }
  const writableDesired = (s) => s.state === "errored" || s.state === "erroring" ? null : s.state === "closed" ? 0 : s.hwm - s.queueSize;
  function updateBackpressure(s) {
    const bp = writableDesired(s) <= 0;
    if (bp === s.backpressure || s.state !== "writable" || s.closeRequested) return;
    s.backpressure = bp;
    const w = s.writer;
    if (!w) return;
    if (bp) { w.ready = deferred(); settled(w.ready.promise); } else w.ready.resolve(undefined);
  }
  function advance(s) {
    if (!s.started || s.inFlight) return;
    if (s.state === "erroring") { finishErroring(s); return; }
    if (s.state !== "writable") return;
    if (s.queue.length === 0) {
      if (s.closeRequested && s.closeRequest) {
        const req = s.closeRequest;
        s.inFlight = req;
        s.close().then(() => {
          s.inFlight = null;
          s.state = "closed";
          req.resolve(undefined);
          if (s.writer) s.writer.closed.resolve(undefined);
        }, (e) => { s.inFlight = null; req.reject(e); dealWithRejection(s, e); });
      }
      return;
    }
    const { chunk, size, req } = s.queue[0];
    s.inFlight = req;
    s.write(chunk, s.controller).then(() => {
      s.inFlight = null;
      s.queue.shift();
      s.queueSize -= size;
      req.resolve(undefined);
      if (s.state === "writable") updateBackpressure(s);
      advance(s);
    }, (e) => { s.inFlight = null; s.queue.shift(); req.reject(e); dealWithRejection(s, e); });
  }
  function dealWithRejection(s, e) {
    if (s.state === "writable") { startErroring(s, e); return; }
    finishErroring(s);
  }
  function startErroring(s, e) {
    s.state = "erroring";
    s.storedError = e;
    if (s.writer) {
      const w = s.writer;
      if (s.backpressure) w.ready.reject(e);
      else { w.ready = deferred(); settled(w.ready.promise); w.ready.reject(e); }
    }
    if (!s.inFlight && s.started) finishErroring(s);
  }
  function finishErroring(s) {
    if (s.state !== "erroring") return;
    s.state = "errored";
    const e = s.storedError;
    for (const { req } of s.queue.splice(0)) req.reject(e);
    s.queueSize = 0;
    const abort = s.pendingAbort;
    s.pendingAbort = null;
    const rejectClose = () => {
      if (s.closeRequest) { s.closeRequest.reject(e); s.closeRequest = null; }
      if (s.writer) s.writer.closed.reject(e);
    };
    if (!abort) { rejectClose(); return; }
    if (abort.wasAlreadyErroring) { abort.d.reject(e); rejectClose(); return; }
    s.abort(abort.reason).then(() => { abort.d.resolve(undefined); rejectClose(); }, (x) => { abort.d.reject(x); rejectClose(); });
  }
  function abortWritable(s, reason) {
    if (s.state === "closed" || s.state === "errored") return Promise.resolve(undefined);
    s.abortController.abort(reason);
    if (s.pendingAbort) return s.pendingAbort.d.promise;
    const wasAlreadyErroring = s.state === "erroring";
    const d = deferred();
    s.pendingAbort = { d, reason, wasAlreadyErroring };
    if (!wasAlreadyErroring) startErroring(s, reason);
    return d.promise;
  }
  function closeWritable(s) {
    if (s.state === "closed" || s.state === "errored") return Promise.reject(new TypeError("The stream is closed or errored"));
    if (s.closeRequested) return Promise.reject(new TypeError("The stream is already closing"));
    const d = deferred();
    s.closeRequested = true;
    s.closeRequest = d;
    if (s.writer && s.backpressure && s.state === "writable") s.writer.ready.resolve(undefined);
    advance(s);
    return d.promise;
  }

  class WritableStream {
    constructor(sink = undefined, strategy = undefined) {
      const k = sink == null ? {} : sink;
      if (k.type !== undefined) throw new RangeError(`Invalid type: ${k.type}`);
      const { hwm, size } = strategyOf(strategy, 1);
      setupWritable(this,
        (c) => typeof k.start === "function" ? k.start.call(k, c) : undefined,
        (chunk, c) => call(k, "write", [chunk, c]),
        () => call(k, "close", []),
        (r) => call(k, "abort", [r]),
        hwm, size);
    }
    get locked() { return $(this, "WritableStream").writer !== null; }
    abort(reason) {
      const s = internal.get(this);
      if (!s || s.kind !== "WritableStream") return Promise.reject(new TypeError("Illegal invocation"));
      if (s.writer) return Promise.reject(new TypeError("The stream is locked to a writer"));
      return abortWritable(s, reason);
    }
    close() {
      const s = internal.get(this);
      if (!s || s.kind !== "WritableStream") return Promise.reject(new TypeError("Illegal invocation"));
      if (s.writer) return Promise.reject(new TypeError("The stream is locked to a writer"));
      return closeWritable(s);
    }
    getWriter() { return new WritableStreamDefaultWriter(this); }
  }

  class WritableStreamDefaultWriter {
    constructor(stream) {
      const s = $(stream, "WritableStream");
      if (s.writer) throw new TypeError("The stream is already locked to a writer");
      const w = { kind: "WritableStreamDefaultWriter", stream: s, ready: deferred(), closed: deferred() };
      settled(w.ready.promise);
      settled(w.closed.promise);
      internal.set(this, w);
      s.writer = w;
      if (s.state === "writable") {
        if (!s.backpressure || s.closeRequested) w.ready.resolve(undefined);
      } else if (s.state === "erroring") {
        w.ready.reject(s.storedError);
      } else if (s.state === "closed") {
        w.ready.resolve(undefined);
        w.closed.resolve(undefined);
      } else {
        w.ready.reject(s.storedError);
        w.closed.reject(s.storedError);
      }
    }
    get closed() { return $(this, "WritableStreamDefaultWriter").closed.promise; }
    get ready() { return $(this, "WritableStreamDefaultWriter").ready.promise; }
    get desiredSize() {
      const w = $(this, "WritableStreamDefaultWriter");
      if (!w.stream) throw new TypeError("The writer has been released");
      return writableDesired(w.stream);
    }
    write(chunk) {
      const w = internal.get(this);
      if (!w || w.kind !== "WritableStreamDefaultWriter") return Promise.reject(new TypeError("Illegal invocation"));
      const s = w.stream;
      if (!s) return Promise.reject(new TypeError("The writer has been released"));
      let size;
      try { size = Number(s.size(chunk)); } catch (e) { if (s.state === "writable") startErroring(s, e); return Promise.reject(e); }
      if (s.state === "errored" || s.state === "erroring") return Promise.reject(s.storedError);
      if (s.closeRequested || s.state === "closed") return Promise.reject(new TypeError("The stream is closing or closed"));
      const req = deferred();
      s.queue.push({ chunk, size, req });
      s.queueSize += size;
      updateBackpressure(s);
      advance(s);
      return req.promise;
    }
    close() {
      const w = $(this, "WritableStreamDefaultWriter");
      if (!w.stream) return Promise.reject(new TypeError("The writer has been released"));
      return closeWritable(w.stream);
    }
    abort(reason) {
      const w = $(this, "WritableStreamDefaultWriter");
      if (!w.stream) return Promise.reject(new TypeError("The writer has been released"));
      return abortWritable(w.stream, reason);
    }
    releaseLock() {
      const w = $(this, "WritableStreamDefaultWriter");
      const s = w.stream;
      if (!s) return;
      const e = new TypeError("The writer was released");
      w.ready = deferred(); settled(w.ready.promise); w.ready.reject(e);
      w.closed = deferred(); settled(w.closed.promise); w.closed.reject(e);
      s.writer = null;
      w.stream = null;
    }
  }

  // ---- TransformStream ----

  class TransformStreamDefaultController {
    constructor() { throw new TypeError("Illegal constructor"); }
    get desiredSize() { return desiredSize($(this, "TransformStreamDefaultController").t.readable); }
    enqueue(chunk) {
      const t = $(this, "TransformStreamDefaultController").t;
      const r = t.readable;
      if (!canClose(r)) throw new TypeError("The readable side is closed or closing");
      try { enqueue(r, chunk); } catch (e) { errorWritableSide(t, e); throw r.storedError; }
      const bp = desiredSize(r) <= 0;
      if (bp !== t.backpressure) setBackpressure(t, bp);
    }
    error(e) { errorTransform($(this, "TransformStreamDefaultController").t, e); }
    terminate() {
      const t = $(this, "TransformStreamDefaultController").t;
      if (canClose(t.readable)) {
        t.readable.closeRequested = true;
        if (t.readable.queue.length === 0) finishClose(t.readable);
      }
      errorWritableSide(t, new TypeError("The transform stream was terminated"));
    }
  }
  function setBackpressure(t, bp) {
    if (t.backpressureChange) t.backpressureChange.resolve(undefined);
    t.backpressureChange = deferred();
    t.backpressure = bp;
  }
  function errorWritableSide(t, e) {
    const w = t.writable;
    if (w.state === "writable") startErroring(w, e);
    if (t.backpressure) setBackpressure(t, false);
  }
  function errorTransform(t, e) {
    errorReadable(t.readable, e);
    errorWritableSide(t, e);
  }

  class TransformStream {
    constructor(transformer = undefined, writableStrategy = undefined, readableStrategy = undefined) {
      const tr = transformer == null ? {} : transformer;
      if (tr.readableType !== undefined) throw new RangeError("Invalid readableType");
      if (tr.writableType !== undefined) throw new RangeError("Invalid writableType");
      const ws = strategyOf(writableStrategy, 1);
      const rs = strategyOf(readableStrategy, 0);
      const t = { kind: "TransformStream", backpressure: undefined, backpressureChange: null };
      internal.set(this, t);
      const controller = Object.create(TransformStreamDefaultController.prototype);
      internal.set(controller, { kind: "TransformStreamDefaultController", t });
      const transform = typeof tr.transform === "function"
        ? (chunk) => call(tr, "transform", [chunk, controller])
        : (chunk) => { try { controller.enqueue(chunk); return Promise.resolve(); } catch (e) { return Promise.reject(e); } };
      const startReady = deferred();
      const writable = Object.create(WritableStream.prototype);
      const readable = Object.create(ReadableStream.prototype);
      t.writable = setupWritable(writable, () => startReady.promise,
        (chunk) => {
          const run = () => transform(chunk).catch((e) => { errorTransform(t, e); throw e; });
          if (t.backpressure) {
            return t.backpressureChange.promise.then(() => {
              const w = t.writable;
              if (w.state === "erroring") throw w.storedError;
              return run();
            });
          }
          return run();
        },
        () => call(tr, "flush", [controller]).then(() => {
          const r = t.readable;
          if (r.state === "errored") throw r.storedError;
          if (canClose(r)) { r.closeRequested = true; if (r.queue.length === 0) finishClose(r); }
        }, (e) => { errorReadable(t.readable, e); throw e; }),
        (reason) => {
          errorReadable(t.readable, reason);
          return call(tr, "cancel", [reason]);
        },
        ws.hwm, ws.size);
      t.readable = setupReadable(readable, () => startReady.promise,
        () => { setBackpressure(t, false); return t.backpressureChange.promise; },
        (reason) => {
          errorWritableSide(t, reason);
          return call(tr, "cancel", [reason]);
        },
        rs.hwm, rs.size);
      // Until the first pull there is backpressure, as in the standard.
      setBackpressure(t, true);
      t.readableStream = readable;
      t.writableStream = writable;
      let started;
      try { started = Promise.resolve(typeof tr.start === "function" ? tr.start.call(tr, controller) : undefined); } catch (e) { started = Promise.reject(e); }
      started.then(() => startReady.resolve(undefined), (e) => { errorTransform(t, e); startReady.reject(e); });
    }
    get readable() { return $(this, "TransformStream").readableStream; }
    get writable() { return $(this, "TransformStream").writableStream; }
  }

  // workerd's identity streams pass bytes through unchanged.
  const toBytes = (chunk) => {
    if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
    if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    throw new TypeError("This TransformStream is being used as a byte stream, but received an object of non-ArrayBuffer type on its writable side.");
  };
  class IdentityTransformStream extends TransformStream {
    constructor() { super({ transform(chunk, c) { c.enqueue(toBytes(chunk)); } }); }
  }
  class FixedLengthStream extends TransformStream {
    constructor(length) {
      const expected = Number(length);
      if (!Number.isSafeInteger(expected) || expected < 0) throw new TypeError("FixedLengthStream requires a non-negative integer length");
      let seen = 0;
      super({
        transform(chunk, c) {
          const b = toBytes(chunk);
          seen += b.byteLength;
          if (seen > expected) throw new TypeError("Attempt to write too many bytes through a FixedLengthStream.");
          c.enqueue(b);
        },
        flush() { if (seen < expected) throw new TypeError("FixedLengthStream did not see all expected bytes before close()."); },
      });
    }
  }

  class TextEncoderStream extends TransformStream {
    constructor() {
      const enc = new TextEncoder();
      let pending = "";
      super({
        transform(chunk, c) {
          let s = pending + String(chunk);
          pending = "";
          const last = s.charCodeAt(s.length - 1);
          if (last >= 0xd800 && last <= 0xdbff) { pending = s.slice(-1); s = s.slice(0, -1); }
          if (s) c.enqueue(enc.encode(s));
        },
        flush(c) { if (pending) c.enqueue(enc.encode("\ufffd")); },
      });
    }
    get encoding() { return "utf-8"; }
  }

  // utf8Complete is the length of the longest prefix of b that does not
  // end inside a multi-byte sequence.
  function utf8Complete(b) {
    let i = b.length - 1, back = 0;
    while (i >= 0 && back < 3 && (b[i] & 0xc0) === 0x80) { i--; back++; }
    if (i < 0) return b.length;
    const lead = b[i];
    const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    return b.length - i < need ? i : b.length;
  }
  class TextDecoderStream extends TransformStream {
    constructor(label = "utf-8", options = {}) {
      const dec = new TextDecoder(label, options);
      let rest = new Uint8Array(0);
      super({
        transform(chunk, c) {
          const b = toBytes(chunk);
          const all = new Uint8Array(rest.length + b.length);
          all.set(rest);
          all.set(b, rest.length);
          const n = utf8Complete(all);
          rest = all.slice(n);
          if (n > 0) c.enqueue(dec.decode(all.subarray(0, n)));
        },
        flush(c) { if (rest.length) c.enqueue(dec.decode(rest)); },
      });
      this._dec = dec;
    }
    get encoding() { return "utf-8"; }
    get fatal() { return this._dec.fatal; }
    get ignoreBOM() { return this._dec.ignoreBOM; }
  }

  // Bodies stay buffered whole. A body's stream is its bytes in one chunk,
  // and a Request or Response made from such a stream (a proxy passing
  // res.body on) takes the bytes; any other stream cannot be a body here,
  // and says so rather than be sent as "[object ReadableStream]". The
  // runtime reads a body's bytes as _bytes.
  Object.defineProperty(ReadableStream.prototype, "_bytes", {
    get() {
      throw new TypeError("A ReadableStream as a Request or Response body is not supported by dolint's runtime, which buffers bodies whole; pass a string, an ArrayBuffer, a typed array or a Blob.");
    },
    configurable: true, enumerable: false,
  });
  const bodyStreams = new WeakMap();
  const bodyProto = typeof global.Response === "function" ? Object.getPrototypeOf(global.Response.prototype) : null;
  if (bodyProto && Object.getOwnPropertyDescriptor(bodyProto, "body")) {
    Object.defineProperty(bodyProto, "body", {
      get() {
        const bytes = this._bytes;
        if (bytes === null || bytes === undefined) return null;
        let rs = bodyStreams.get(this);
        if (!rs) {
          const owner = this;
          rs = new ReadableStream({
            pull(c) {
              if (owner._used) { c.error(new TypeError("Body has already been used. It can only be used once. Use tee() first if you need to read it twice.")); return; }
              owner._used = true;
              if (bytes.length) c.enqueue(bytes.slice());
              c.close();
            },
          }, { highWaterMark: 0 });
          Object.defineProperty(rs, "_bytes", { value: bytes });
          bodyStreams.set(this, rs);
        }
        return rs;
      },
      configurable: true, enumerable: false,
    });
  }

  // Blob.stream gives the blob's bytes as one chunk.
  if (typeof global.Blob === "function" && !global.Blob.prototype.stream) {
    Object.defineProperty(global.Blob.prototype, "stream", {
      value: function stream() {
        const blob = this;
        return new ReadableStream({
          async pull(c) { c.enqueue(new Uint8Array(await blob.arrayBuffer())); c.close(); },
        }, { highWaterMark: 0 });
      },
      writable: true, configurable: true, enumerable: false,
    });
  }

  def("ReadableStream", ReadableStream);
  def("ReadableStreamDefaultReader", ReadableStreamDefaultReader);
  def("ReadableStreamDefaultController", ReadableStreamDefaultController);
  def("WritableStream", WritableStream);
  def("WritableStreamDefaultWriter", WritableStreamDefaultWriter);
  def("WritableStreamDefaultController", WritableStreamDefaultController);
  def("TransformStream", TransformStream);
  def("TransformStreamDefaultController", TransformStreamDefaultController);
  def("CountQueuingStrategy", CountQueuingStrategy);
  def("ByteLengthQueuingStrategy", ByteLengthQueuingStrategy);
  def("IdentityTransformStream", IdentityTransformStream);
  def("FixedLengthStream", FixedLengthStream);
  def("TextEncoderStream", TextEncoderStream);
  def("TextDecoderStream", TextDecoderStream);
})(globalThis);
