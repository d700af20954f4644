import { DurableObject, RpcStub, RpcTarget } from "cloudflare:workers";
import { errInfo, workerFetch } from "../../_harness/harness.js";

class Counter extends RpcTarget {
  constructor(start, log) {
    super();
    this.n = start;
    this.log = log;
  }
  inc(by = 1) {
    this.n += by;
    return this.n;
  }
  get value() {
    return this.n;
  }
  fail() {
    throw new RangeError("counter failed");
  }
  note(text) {
    this.log.push(text);
  }
  twice(fn) {
    return fn(this.n).then((x) => fn(x));
  }
  [Symbol.dispose]() {
    this.log.push("disposed " + this.n);
  }
}

async function attempt(fn) {
  try {
    return { value: await fn() };
  } catch (e) {
    return { error: errInfo(e) };
  }
}

export class Host extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.log = [];
  }
  callBack(fn, x) {
    return fn(x);
  }
  async callTwice(fn) {
    const a = await fn(1);
    const b = await fn(a);
    return [a, b];
  }
  describeArg(fn) {
    return { type: typeof fn, isFunction: fn instanceof Function, keys: Object.keys(fn), hasDispose: typeof fn[Symbol.dispose], hasDup: typeof fn.dup };
  }
  keep(fn) {
    this.kept = fn;
    return "kept";
  }
  keepDup(fn) {
    this.kept = fn.dup();
    return "kept";
  }
  async callKept(x) {
    return attempt(() => this.kept(x));
  }
  async callbackThrows(fn) {
    try {
      await fn();
      return "no error";
    } catch (e) {
      return { caught: errInfo(e), isRangeError: e instanceof RangeError };
    }
  }
  async rethrow(fn) {
    await fn();
  }
  makeCounter(start) {
    return new Counter(start, this.log);
  }
  nested(start) {
    return { counter: new Counter(start, this.log), fn: (x) => x * 3, plain: 1 };
  }
  getLog() {
    return this.log;
  }
  useTarget(t) {
    return Promise.all([t.inc(5), t.value]);
  }
  obj() {
    return { a: 1 };
  }
  arr() {
    return [1];
  }
  map() {
    return new Map([[1, 2]]);
  }
  num() {
    return 1;
  }
  echo(v) {
    return v;
  }
  mixed(x) {
    return { f: typeof x.f, t: typeof x.t, isTarget: x.t instanceof RpcTarget, n: x.n };
  }
  async storeStub(fn) {
    return attempt(() => this.ctx.storage.put("f", fn));
  }
  // Passes a callback it received on to another object, which calls it.
  forward(fn, x) {
    return this.env.HOST.getByName("other").callBack(fn, x);
  }
  // The callback calls this object again while the call waits for it.
  async reenter(fn) {
    const r = await fn();
    return { r, count: this.count };
  }
  bump() {
    this.count = (this.count || 0) + 1;
    return this.count;
  }
  async dupAfterDispose(fn) {
    fn[Symbol.dispose]();
    return attempt(() => fn.dup());
  }
  returnKept() {
    return { kept: this.kept };
  }
  // Passes a callback on to another object that keeps a dup() of it.
  async forwardKeep(fn) {
    return this.env.HOST.getByName("keeper").keepDup(fn);
  }
  // Calls the given stub's inc() and reports what it saw.
  async incTarget(t) {
    return t.inc(1);
  }
  async slow() {
    await this.ctx.blockConcurrencyWhile(async () => {
      await new Promise((r) => setTimeout(r, 100));
      this.log.push("blockConcurrencyWhile done");
    });
    return "slow done";
  }
  get counter() {
    return new Counter(5, this.log);
  }
  data() {
    return { a: { b: 3 }, list: [1, 2] };
  }
  kill() {
    this.ctx.abort("reset on purpose");
  }
  async disposeArg(fn) {
    fn[Symbol.dispose]();
    return attempt(() => fn(1));
  }
}

function host(env, a) {
  return env.HOST.getByName(a.name || "h");
}

class Local extends RpcTarget {
  m() {
    return "local";
  }
}

function surface(s) {
  return {
    type: typeof s,
    string: String(s),
    isFunction: s instanceof Function,
    inMember: "m" in s,
    inAnything: "anything" in s,
    keys: Object.keys(s),
    ownSymbols: Object.getOwnPropertySymbols(s).length,
    dispose: typeof s[Symbol.dispose],
    dup: typeof s.dup,
    then: typeof s.then,
  };
}

let savedForLater;

const workerTests = {
  // A stub passed as an argument: afterwards the caller's own stub still
  // works only where arguments are duplicated (rpc_params_dup_stubs).
  async paramReuse(env, a) {
    const h = host(env, a);
    const c = await h.makeCounter(1);
    const during = await h.incTarget(c);
    return { during, after: await attempt(() => c.inc()) };
  },
  async functionParamReuse(env, a) {
    const h = host(env, a);
    const f = await h.echo((x) => x * 2);
    const first = await h.callBack(f, 2);
    return { first, second: await attempt(() => h.callBack(f, 3)), direct: await attempt(() => f(4)) };
  },
  // The object returns a stub it keeps: the stub goes to the caller.
  async resultTransfer(env, a) {
    const h = host(env, a);
    await h.keepDup((x) => x + 1);
    const r = await h.returnKept();
    return { viaResult: await r.kept(1), kept: await h.callKept(2) };
  },
  // A forwards a callback to B, which keeps a dup(): does B's copy outlive
  // A's call?
  async forwardKeep(env, a) {
    const h = host(env, a);
    await h.forwardKeep((x) => x + 1000);
    return env.HOST.getByName("keeper").callKept(1);
  },

  async stubSurface(env, a) {
    const h = host(env, a);
    return { fn: surface(await h.echo(() => 1)), target: surface(await h.makeCounter(1)) };
  },
  async resultDisposers(env, a) {
    const h = host(env, a);
    const out = {};
    for (const m of ["obj", "arr", "map", "num"]) {
      const r = await h[m]();
      out[m] = typeof r === "object" ? { dispose: typeof r[Symbol.dispose], ownSymbols: Object.getOwnPropertySymbols(r).length, keys: Object.keys(r) } : typeof r;
    }
    return out;
  },
  async echoTarget(env, a) {
    const t = await host(env, a).echo(new Local());
    return { type: typeof t, isLocal: t instanceof Local, m: await t.m() };
  },
  async echoFunction(env, a) {
    const f = await host(env, a).echo((x) => x + "!");
    return { type: typeof f, r: await f("hi") };
  },
  async mixedArgs(env, a) {
    return host(env, a).mixed({ f: () => 1, t: new Local(), n: 2 });
  },
  async storeStub(env, a) {
    return host(env, a).storeStub(() => 1);
  },
  async forward(env, a) {
    return host(env, a).forward((x) => ({ doubled: x * 2 }), 8);
  },
  async reenter(env, a) {
    const h = host(env, a);
    return h.reenter(() => h.bump());
  },
  async dupAfterDispose(env, a) {
    return host(env, a).dupAfterDispose(() => 1);
  },
  async callbackThrowsString(env, a) {
    return host(env, a).callbackThrows(() => {
      throw "just a string";
    });
  },
  // Durable Object stubs and namespaces are not stubs of this kind: they
  // cannot be passed, stored or cloned.
  async objectStubArgument(env, a) {
    return attempt(() => host(env, a).echo(env.HOST.getByName("other")));
  },
  async namespaceArgument(env, a) {
    return attempt(() => host(env, a).echo(env.HOST));
  },
  async objectStubCloned(env) {
    return attempt(() => structuredClone(env.HOST.getByName("other")));
  },
  async objectStubStored(env, a) {
    return host(env, a).storeStub(env.HOST.getByName("other"));
  },
  // The object that holds a target is reset: its stubs stop working.
  async targetAfterReset(env, a) {
    const h = host(env, a);
    const c = await h.makeCounter(1);
    const before = await c.inc();
    const killed = await attempt(() => h.kill());
    return { before, killed, after: await attempt(() => c.inc()) };
  },
  // new RpcStub() makes a stub of a local target, which is passed on as
  // received stubs are.
  async rpcStubConstructor(env, a) {
    const log = [];
    const s = new RpcStub(new Counter(1, log));
    const out = { type: typeof s, isStub: s instanceof RpcStub, string: String(s), inc: await s.inc(), value: await s.value };
    out.viaObject = await host(env, a).useTarget(s);
    out.afterPassing = await attempt(() => s.inc());
    const f = new RpcStub((x) => x * 3);
    out.fn = { type: typeof f, result: await f(4), isStub: f instanceof RpcStub };
    out.primitive = await attempt(() => new RpcStub(5));
    out.received = (await host(env, a).echo(() => 1)) instanceof RpcStub;
    s[Symbol.dispose]();
    f[Symbol.dispose]();
    await new Promise((r) => setTimeout(r, 20));
    out.log = log;
    out.afterDispose = await attempt(() => s.inc());
    return out;
  },
  // Stubs and callbacks belong to the request that got or passed them:
  // the next request cannot use them, nor can an object call back a
  // callback whose request has ended.
  async saveForLater(env, a) {
    const h = host(env, a);
    savedForLater = { counter: await h.makeCounter(1), fn: await h.echo((x) => x + 1) };
    await h.keepDup((x) => x * 2);
    return "saved";
  },
  async useSaved(env, a) {
    return {
      counter: await attempt(() => savedForLater.counter.inc()),
      fn: await attempt(() => savedForLater.fn(1)),
      keptCallback: await host(env, a).callKept(1),
    };
  },
  // A call on a target that an object holds waits, like any event of
  // the object, for its blockConcurrencyWhile() to finish.
  async targetInputGate(env, a) {
    const h = host(env, a);
    const c = await h.makeCounter(1);
    const slow = h.slow();
    await new Promise((r) => setTimeout(r, 20));
    const note = c.note("target called");
    await Promise.all([slow, note]);
    return h.getLog();
  },
  // Members of a result, and of a getter's value, are used before it
  // arrives; the path is followed on the other side.
  async pipelinedPaths(env, a) {
    const h = host(env, a);
    const missing = (f) => attempt(f).then((r) => r);
    return {
      getterMethod: await h.counter.inc(2),
      getterProperty: await h.counter.value,
      resultProperty: await h.data().a.b,
      resultIndex: await attempt(() => h.data().list[1]),
      resultMissing: await missing(() => h.data().zz),
      resultMissingCall: await missing(() => h.data().zz()),
      resultNotFunction: await missing(() => h.data().a()),
      targetMissing: await missing(() => h.counter.zz),
      deep: await h.makeCounter(1).inc(1),
      bindIsLocal: typeof h.data.bind,
    };
  },
  // What a stub answers itself and what goes over RPC.
  async stubMembers(env, a) {
    const h = host(env, a);
    const c = await h.makeCounter(1);
    const f = await h.echo((x) => x);
    return {
      callTarget: await attempt(() => c()),
      functionMember: await attempt(() => f.foo()),
      functionCall: await attempt(() => f.call(null, 1)),
      functionName: await attempt(() => f.name),
      functionLength: await attempt(() => f.length),
    };
  },
  async symbolArgument(env, a) {
    return attempt(() => host(env, a).echo(Symbol("sym")));
  },

  async callback(env, a) {
    return host(env, a).callBack((x) => x + 1, 41);
  },
  async callTwice(env, a) {
    const seen = [];
    const r = await host(env, a).callTwice((x) => { seen.push(x); return x * 10; });
    return { r, seen };
  },
  async asyncCallback(env, a) {
    return host(env, a).callBack(async (x) => { await null; return { got: x }; }, "v");
  },
  async describeArg(env, a) {
    return host(env, a).describeArg(() => 1);
  },
  async keptAfterReturn(env, a) {
    const h = host(env, a);
    await h.keep((x) => x + 100);
    return h.callKept(1);
  },
  async keptDup(env, a) {
    const h = host(env, a);
    await h.keepDup((x) => x + 100);
    return h.callKept(2);
  },
  async callbackThrows(env, a) {
    return host(env, a).callbackThrows(() => { throw new RangeError("from callback"); });
  },
  async callbackThrowsRethrown(env, a) {
    try {
      await host(env, a).rethrow(() => { throw new TypeError("thrown back"); });
      return "no error";
    } catch (e) {
      return { caught: errInfo(e), isTypeError: e instanceof TypeError };
    }
  },
  async returnedTarget(env, a) {
    const c = await host(env, a).makeCounter(10);
    const out = { type: typeof c, inc1: await c.inc(), inc2: await c.inc(5), value: await c.value };
    out.own = await attempt(() => c.n);
    out.failed = await attempt(() => c.fail());
    out.missing = await attempt(() => c.nope());
    return out;
  },
  async targetDisposed(env, a) {
    const h = host(env, a);
    const c = await h.makeCounter(1);
    await c.inc();
    c[Symbol.dispose]();
    const after = await attempt(() => c.inc());
    await new Promise((r) => setTimeout(r, 50));
    return { after, log: await h.getLog() };
  },
  async targetUsing(env, a) {
    const h = host(env, a);
    let c2;
    // What \`using c = ...\` does at the end of its block (miniflare's
    // module parser does not read \`using\` yet).
    const c = await h.makeCounter(7);
    try {
      c2 = c;
      await c.inc();
    } finally {
      c[Symbol.dispose]();
    }
    const after = await attempt(() => c2.inc());
    await new Promise((r) => setTimeout(r, 50));
    return { after, log: await h.getLog() };
  },
  async resultDisposed(env, a) {
    const h = host(env, a);
    const r = await h.nested(2);
    const before = { fn: await r.fn(2), inc: await r.counter.inc(), plain: r.plain, type: typeof r.fn };
    r[Symbol.dispose]();
    const afterFn = await attempt(() => r.fn(2));
    const afterInc = await attempt(() => r.counter.inc());
    return { before, afterFn, afterInc, hasDispose: typeof r[Symbol.dispose] };
  },
  async returnedFunctionDisposed(env, a) {
    const f = await host(env, a).callBack(() => (x) => x + 1);
    return { f: typeof f };
  },
  async targetArgument(env, a) {
    const log = [];
    const t = new Counter(100, log);
    const r = await host(env, a).useTarget(t);
    await new Promise((r) => setTimeout(r, 50));
    return { r, n: t.n, log };
  },
  async disposeArg(env, a) {
    return host(env, a).disposeArg((x) => x);
  },
  async pipelined(env, a) {
    return host(env, a).makeCounter(3).inc(2);
  },
  async classInstance(env, a) {
    class Plain {}
    return attempt(() => host(env, a).callBack(new Plain(), 1));
  },
  async storageFunction(env, a) {
    return attempt(() => host(env, a).ctx);
  },
  async resultUsing(env, a) {
    const h = host(env, a);
    let kept;
    const r = await h.nested(4);
    try {
      kept = r.fn;
      await kept(1);
    } finally {
      r[Symbol.dispose]();
    }
    return attempt(() => kept(1));
  },
};

export default { fetch: workerFetch(workerTests) };
