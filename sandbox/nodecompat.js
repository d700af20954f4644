// The Node.js built-in modules the runtime provides under nodejs_compat,
// as far as Worker libraries use them at load and in handlers, and the
// cloudflare:email module. host is the Go side (nodecompat.go).
(function (g, host) {
  "use strict";
  const prev = g.__require;

  // AsyncLocalStorage keeps one frame per async context: a Map from each
  // storage to its store. The Go side carries the current frame across
  // awaits and promise reactions, as Node and workerd do.
  class AsyncLocalStorage {
    static bind(fn) { return AsyncLocalStorage.snapshot().bind(null, fn); }
    static snapshot() {
      const frame = host.frame();
      return (fn, ...args) => runIn(frame, fn, args);
    }
    run(store, fn, ...args) {
      const next = new Map(host.frame() || undefined);
      next.set(this, store);
      return runIn(next, fn, args);
    }
    exit(fn, ...args) {
      const next = new Map(host.frame() || undefined);
      next.delete(this);
      return runIn(next, fn, args);
    }
    getStore() {
      const f = host.frame();
      return f ? f.get(this) : undefined;
    }
    enterWith(store) {
      const next = new Map(host.frame() || undefined);
      next.set(this, store);
      host.setFrame(next);
    }
    disable() { this.enterWith(undefined); }
  }
  function runIn(frame, fn, args) {
    const saved = host.frame();
    host.setFrame(frame);
    try { return fn(...args); } finally { host.setFrame(saved); }
  }
  // A timer's callback runs in the context that set the timer, as in Node
  // and workerd.
  if (host.allowed("async_hooks")) {
    for (const name of ["setTimeout", "setInterval"]) {
      const set = g[name];
      if (typeof set !== "function") continue;
      Object.defineProperty(g, name, {
        value: function (fn, ms, ...args) {
          const frame = host.frame();
          if (frame === undefined || typeof fn !== "function") return set(fn, ms, ...args);
          return set(function () { return runIn(frame, fn, args); }, ms);
        },
        writable: true, configurable: true, enumerable: false,
      });
    }
  }
  class AsyncResource {
    constructor(type) { this.type = type; this._frame = host.frame(); }
    runInAsyncScope(fn, thisArg, ...args) { return runIn(this._frame, () => fn.apply(thisArg, args), []); }
    bind(fn) { return (...args) => this.runInAsyncScope(fn, undefined, ...args); }
    static bind(fn, type) { return new AsyncResource(type || "bound-anonymous-fn").bind(fn); }
    emitDestroy() { return this; }
    asyncId() { return 0; }
    triggerAsyncId() { return 0; }
  }

  // diagnostics_channel: named channels whose messages go to their
  // subscribers synchronously.
  const channels = new Map();
  class Channel {
    constructor(name) { this.name = name; this._subs = []; }
    get hasSubscribers() { return this._subs.length > 0; }
    subscribe(fn) { this._subs.push(fn); }
    unsubscribe(fn) {
      const i = this._subs.indexOf(fn);
      if (i < 0) return false;
      this._subs.splice(i, 1);
      return true;
    }
    publish(message) {
      for (const fn of this._subs.slice()) {
        try { fn(message, this.name); } catch (e) { queueMicrotask(() => { throw e; }); }
      }
    }
    runStores(data, fn, thisArg, ...args) { return fn.apply(thisArg, args); }
    bindStore() {}
    unbindStore() { return false; }
  }
  function channel(name) {
    let c = channels.get(name);
    if (!c) channels.set(name, c = new Channel(name));
    return c;
  }
  const diagnostics = {
    channel,
    hasSubscribers: (name) => channels.has(name) && channels.get(name).hasSubscribers,
    subscribe: (name, fn) => channel(name).subscribe(fn),
    unsubscribe: (name, fn) => channel(name).unsubscribe(fn),
    Channel,
  };

  // path: the POSIX flavour, as workerd gives it.
  function normalizeParts(parts, absolute) {
    const out = [];
    for (const p of parts) {
      if (p === "" || p === ".") continue;
      if (p === "..") {
        if (out.length && out[out.length - 1] !== "..") out.pop();
        else if (!absolute) out.push("..");
        continue;
      }
      out.push(p);
    }
    return out;
  }
  const path = {
    sep: "/",
    delimiter: ":",
    isAbsolute: (p) => String(p).startsWith("/"),
    normalize(p) {
      p = String(p);
      if (p === "") return ".";
      const abs = p.startsWith("/");
      const trailing = p.endsWith("/");
      let s = normalizeParts(p.split("/"), abs).join("/");
      if (s === "" && !abs) s = ".";
      if (s !== "" && trailing) s += "/";
      return (abs ? "/" : "") + s;
    },
    join(...parts) {
      const s = parts.filter((p) => String(p) !== "").join("/");
      return s === "" ? "." : path.normalize(s);
    },
    resolve(...parts) {
      let s = "";
      for (let i = parts.length - 1; i >= 0 && !s.startsWith("/"); i--) {
        if (String(parts[i]) !== "") s = String(parts[i]) + (s ? "/" + s : "");
      }
      if (!s.startsWith("/")) s = "/" + s;
      const r = "/" + normalizeParts(s.split("/"), true).join("/");
      return r;
    },
    dirname(p) {
      p = String(p);
      if (p === "") return ".";
      const abs = p.startsWith("/");
      let end = p.length;
      while (end > 1 && p[end - 1] === "/") end--;
      const i = p.lastIndexOf("/", end - 1);
      if (i < 0) return ".";
      if (i === 0) return abs ? "/" : ".";
      let d = p.slice(0, i);
      while (d.length > 1 && d.endsWith("/")) d = d.slice(0, -1);
      return d;
    },
    basename(p, ext) {
      p = String(p);
      let end = p.length;
      while (end > 0 && p[end - 1] === "/") end--;
      let b = p.slice(p.lastIndexOf("/", end - 1) + 1, end);
      if (ext !== undefined && b.endsWith(ext) && b !== ext) b = b.slice(0, -ext.length);
      return b;
    },
    extname(p) {
      const b = path.basename(p);
      const i = b.lastIndexOf(".");
      return i <= 0 ? "" : b.slice(i);
    },
    relative(from, to) {
      const f = path.resolve(from).split("/").filter(Boolean);
      const t = path.resolve(to).split("/").filter(Boolean);
      let i = 0;
      while (i < f.length && i < t.length && f[i] === t[i]) i++;
      return [...f.slice(i).map(() => ".."), ...t.slice(i)].join("/");
    },
    parse(p) {
      p = String(p);
      const root = p.startsWith("/") ? "/" : "";
      const base = path.basename(p);
      const ext = path.extname(p);
      let dir = path.dirname(p);
      if (dir === "." && !p.includes("/")) dir = "";
      return { root, dir, base, ext, name: ext ? base.slice(0, -ext.length) : base };
    },
    format(o) {
      const dir = o.dir || o.root || "";
      const base = o.base || (o.name || "") + (o.ext || "");
      return dir ? (dir.endsWith("/") ? dir + base : dir + "/" + base) : base;
    },
    toNamespacedPath: (p) => p,
  };
  path.posix = path;

  const os = {
    EOL: "\n",
    platform: () => "linux",
    type: () => "Linux",
    arch: () => "x64",
    release: () => "",
    hostname: () => "localhost",
    homedir: () => "/",
    tmpdir: () => "/tmp",
    endianness: () => "LE",
    cpus: () => [],
    totalmem: () => 0,
    freemem: () => 0,
    uptime: () => 0,
    loadavg: () => [0, 0, 0],
    networkInterfaces: () => ({}),
    constants: { signals: {}, errno: {} },
  };
  os.default = os;

  // An EmailMessage is what send_email bindings take; making one only
  // records its envelope, as workerd does until it is sent.
  class EmailMessage {
    constructor(from, to, raw) { this.from = from; this.to = to; this.raw = raw; }
  }

  function esm(m) { return Object.assign({}, m, { default: m }); }
  const node = {
    async_hooks: () => esm({ AsyncLocalStorage, AsyncResource }),
    diagnostics_channel: () => esm(diagnostics),
    path: () => esm(path),
    "path/posix": () => esm(path),
    os: () => esm(os),
  };
  const made = new Map();
  g.__require = function (name) {
    if (name === "cloudflare:email") {
      if (!made.has(name)) made.set(name, esm({ EmailMessage }));
      return made.get(name);
    }
    const bare = name.startsWith("node:") ? name.slice(5) : name;
    if (Object.prototype.hasOwnProperty.call(node, bare) && host.allowed(bare)) {
      if (!made.has(bare)) made.set(bare, node[bare]());
      return made.get(bare);
    }
    try {
      return prev(name);
    } catch (e) {
      // Only for the modules the flag would provide here.
      if (!host.compat() && Object.prototype.hasOwnProperty.call(node, bare)) {
        e.message += ' Node.js built-in modules need the "nodejs_compat" compatibility flag.';
      }
      throw e;
    }
  };
})(globalThis, __nodecompat);
