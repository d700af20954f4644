import { DurableObject } from "cloudflare:workers";
import { Point, dec, enc, errInfo, workerFetch } from "../../_harness/harness.js";

export class Calc extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.n = 0;
    this.total = 0;
  }
  add(x) {
    this.total += x;
    return this.total;
  }
  echo(v) {
    return v;
  }
  values() {
    return {
      map: new Map([["a", 1]]),
      set: new Set([1, 2]),
      date: new Date(1000),
      bytes: new Uint8Array([1, 2]),
      buf: new Uint8Array([3]).buffer,
      big: 10n ** 20n,
      nested: { list: [1, { deep: true }], missing: undefined },
      nan: NaN,
      regexp: /x/g,
    };
  }
  throwType() {
    throw new TypeError("bad type");
  }
  async throwRangeAsync() {
    await null;
    throw new RangeError("out of range");
  }
  throwPlain() {
    throw new Error("plain");
  }
  throwCustom() {
    class MyError extends Error {
      constructor(m) {
        super(m);
        this.name = "MyError";
      }
    }
    throw new MyError("custom");
  }
  throwString() {
    throw "a string";
  }
  returnFunction() {
    return (x) => x * 2;
  }
  callArg(fn) {
    return fn(21);
  }
  returnInstance() {
    return new Point(1);
  }
  returnUndefined() {}
  get prop() {
    return "getter value";
  }
  async storageRoundTrip(v) {
    await this.ctx.storage.put("v", v);
    return this.ctx.storage.get("v");
  }
  // Read-modify-write across an await: the input gate keeps concurrent
  // calls from interleaving between the get and the put.
  async increment() {
    const v = (await this.ctx.storage.get("count")) || 0;
    await this.ctx.storage.put("count", v + 1);
    return v + 1;
  }
  async order(label, ms) {
    this.log = this.log || [];
    this.log.push("start " + label);
    await this.ctx.blockConcurrencyWhile(async () => {
      await new Promise((r) => setTimeout(r, ms));
      this.log.push("in bcw " + label);
    });
    this.log.push("end " + label);
    return label;
  }
  async plain(label) {
    this.log = this.log || [];
    this.log.push("plain " + label);
    return label;
  }
  getLog() {
    return this.log || [];
  }
  async syncAndBookmark() {
    await this.ctx.storage.put("x", 1);
    const synced = await this.ctx.storage.sync();
    const bookmark = await this.ctx.storage.getCurrentBookmark();
    return { synced, bookmarkType: typeof bookmark, bookmarkShape: /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/.test(bookmark) };
  }
  alarm() {}
  webSocketMessage() {}
  fetch() {
    return new Response("fetched " + this.total);
  }
}

export class KvCalc extends Calc {}

export class Legacy {
  constructor(state, env) {
    this.state = state;
  }
  add(x) {
    return x;
  }
  fetch() {
    return new Response("legacy fetch");
  }
}

function stub(env, a) {
  const ns = env[a.binding || "CALC"];
  return ns.get(ns.idFromName(a.name || "calc"));
}

const workerTests = {
  // {method, args}: await stub[method](...args)
  async call(env, a) {
    return stub(env, a)[a.method](...(a.args || []));
  },
  async property(env, a) {
    return await stub(env, a)[a.prop];
  },
  async returnFunction(env, a) {
    const f = await stub(env, a).returnFunction();
    return { type: typeof f, result: await f(5) };
  },
  async callArg(env, a) {
    return stub(env, a).callArg((x) => x + 1);
  },
  async fetchViaStub(env, a) {
    const res = await stub(env, a).fetch("http://x/");
    return { status: res.status, text: await res.text() };
  },
  async parallelAdds(env, a) {
    const s = stub(env, a);
    const r = await Promise.all([s.add(1), s.add(1), s.add(1)]);
    return r.sort();
  },
  async concurrentIncrements(env, a) {
    const s = stub(env, a);
    const results = await Promise.all(Array.from({ length: 10 }, () => s.increment()));
    return { sorted: results.sort((x, y) => x - y), final: await s.increment() };
  },
  async bcwOrdering(env, a) {
    const s = stub(env, a);
    const first = s.order("A", 50);
    await new Promise((r) => setTimeout(r, 10));
    const second = s.plain("B");
    await Promise.all([first, second]);
    return s.getLog();
  },
  async viaGetByName(env) {
    const s = env.CALC.getByName("by-name");
    await s.add(2);
    const again = env.CALC.get(env.CALC.idFromName("by-name"));
    return { total: await again.add(3), name: s.name };
  },
  async typeofMethod(env, a) {
    return typeof stub(env, a)[a.method];
  },
  async errorIdentity(env, a) {
    try {
      await stub(env, a).throwType();
    } catch (e) {
      return { isTypeError: e instanceof TypeError, isError: e instanceof Error, info: errInfo(e) };
    }
  },
};

export default { fetch: workerFetch(workerTests) };
