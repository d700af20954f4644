import { DurableObject } from "cloudflare:workers";
import { members, serveObject, storageTests, workerFetch } from "../../_harness/harness.js";

const HEX64 = /^[0-9a-f]{64}$/;

const objectTests = {
  ...storageTests,

  surface(self) {
    const ctx = self.ctx;
    const c = ctx.storage.sql.exec("SELECT 1 AS one");
    return {
      ctx: members(ctx),
      storage: members(ctx.storage),
      sql: members(ctx.storage.sql),
      cursor: members(c),
      kv: members(ctx.storage.kv),
      rawHelpers: members(c.raw()).filter((m) => m !== "return" && m !== "throw"),
      typeofSql: typeof ctx.storage.sql,
      typeofKv: typeof ctx.storage.kv,
      instanceOfDurableObject: self instanceof DurableObject,
      idName: ctx.id.name,
      idIsHex64: HEX64.test(ctx.id.toString()),
    };
  },

  surfaceKvClass(self) {
    const ctx = self.ctx;
    return {
      storage: members(ctx.storage),
      typeofSql: typeof ctx.storage.sql,
      typeofKv: typeof ctx.storage.kv,
      instanceOfDurableObject: self instanceof DurableObject,
      idName: ctx.id.name,
    };
  },

  txnMembers(self) {
    return self.ctx.storage.transaction(async (txn) => members(txn));
  },

  databaseSizeType(self) {
    return typeof self.ctx.storage.sql.databaseSize;
  },

  // put/get through a fresh read so the value really went through storage.
  async roundTrip(self, a) {
    await self.ctx.storage.put("rt", a.value);
    const v = await self.ctx.storage.get("rt");
    return { value: v, sameType: Object.prototype.toString.call(v) === Object.prototype.toString.call(a.value) };
  },

  nestedClone(self) {
    const inner = { when: new Date(0), tags: new Set(["a", "b"]), big: 2n ** 70n };
    const value = {
      m: new Map([
        [1, inner],
        ["k", [1, "two", null, undefined]],
      ]),
      bytes: new Uint8Array([1, 2, 3]),
      buf: new Uint16Array([513, 1027]).buffer,
      err: new RangeError("boom"),
      re: /ab+c/gi,
      neg0: -0,
      nan: NaN,
      str: new String("boxed"),
    };
    self.ctx.storage.put("nested", value);
    return self.ctx.storage.get("nested");
  },

  // Shared references and cycles survive structured clone.
  async sharedRefs(self) {
    const shared = { n: 1 };
    const v = { a: shared, b: shared };
    v.self = v;
    await self.ctx.storage.put("refs", v);
    const got = await self.ctx.storage.get("refs");
    return { sameShared: got.a === got.b, cycle: got.self === got, n: got.a.n };
  },

  kvListIteratorInvalidated(self) {
    const kv = self.ctx.storage.kv;
    kv.put("i1", 1);
    kv.put("i2", 2);
    const first = kv.list();
    first.next();
    const second = kv.list();
    const out = { second: [...second] };
    try {
      out.first = first.next();
    } catch (e) {
      out.firstError = { name: e.name, message: e.message };
    }
    return out;
  },

  cursorIterable(self) {
    const c = self.ctx.storage.sql.exec("SELECT 1 AS a UNION ALL SELECT 2");
    return {
      isIterable: typeof c[Symbol.iterator] === "function",
      selfIterator: c[Symbol.iterator]() === c,
      rows: [...c],
    };
  },

  sameSqlWhileOpen(self) {
    const sql = self.ctx.storage.sql;
    const q = "SELECT 1 AS v UNION ALL SELECT 2 UNION ALL SELECT 3";
    const a = sql.exec(q);
    a.next();
    const b = sql.exec(q);
    return { b: b.toArray(), aRest: a.toArray() };
  },

  rawSharesPosition(self) {
    const c = self.ctx.storage.sql.exec("SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 3");
    const first = c.next().value;
    const raw = c.raw();
    const second = raw.next().value;
    return { first, second, rest: c.toArray() };
  },

  rawHelpers(self) {
    const q = "SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 3";
    const sql = self.ctx.storage.sql;
    return {
      map: sql.exec(q).raw().map((r) => r[0] * 10).toArray(),
      filter: sql.exec(q).raw().filter((r) => r[0] !== 2).toArray(),
      take: sql.exec(q).raw().take(2).toArray(),
      drop: sql.exec(q).raw().drop(1).toArray(),
      reduce: sql.exec(q).raw().reduce((acc, r) => acc + r[0], 0),
      some: sql.exec(q).raw().some((r) => r[0] === 3),
      every: sql.exec(q).raw().every((r) => r[0] > 0),
      find: sql.exec(q).raw().find((r) => r[0] === 2),
    };
  },

  execWithoutReading(self) {
    const sql = self.ctx.storage.sql;
    sql.exec("CREATE TABLE IF NOT EXISTS lazy (v INTEGER)");
    sql.exec("INSERT INTO lazy VALUES (1), (2)");
    sql.exec("UPDATE lazy SET v = v + 10");
    return sql.exec("SELECT v FROM lazy ORDER BY v").toArray();
  },

  bigintBinding(self) {
    return self.ctx.storage.sql.exec("SELECT ? AS v", 5n).toArray();
  },

  // transactionSync
  txnSyncValue(self) {
    return self.ctx.storage.transactionSync(() => 42);
  },

  txnSyncRollback(self) {
    const st = self.ctx.storage;
    st.sql.exec("CREATE TABLE IF NOT EXISTS tx (v TEXT)");
    let caught;
    try {
      st.transactionSync(() => {
        st.sql.exec("INSERT INTO tx VALUES ('rolled')");
        st.put("txkey", "rolled");
        st.kv.put("txkv", "rolled");
        throw new RangeError("undo");
      });
    } catch (e) {
      caught = { name: e.name, message: e.message, same: e instanceof RangeError };
    }
    return {
      caught,
      rows: st.sql.exec("SELECT v FROM tx").toArray(),
      kv: st.kv.get("txkv"),
    };
  },

  async txnSyncRollbackAsyncGet(self) {
    return { txkey: await self.ctx.storage.get("txkey") };
  },

  txnSyncNested(self) {
    const st = self.ctx.storage;
    st.sql.exec("CREATE TABLE IF NOT EXISTS nest (v TEXT)");
    const outer = st.transactionSync(() => {
      st.sql.exec("INSERT INTO nest VALUES ('outer')");
      try {
        st.transactionSync(() => {
          st.sql.exec("INSERT INTO nest VALUES ('inner')");
          throw new Error("inner fails");
        });
      } catch (e) {
        return e.message;
      }
    });
    return { outer, rows: st.sql.exec("SELECT v FROM nest").toArray() };
  },

  async txnSyncAsyncFn(self) {
    const st = self.ctx.storage;
    st.sql.exec("CREATE TABLE IF NOT EXISTS asy (v TEXT)");
    const r = st.transactionSync(async () => {
      st.sql.exec("INSERT INTO asy VALUES ('before-await')");
      await null;
      return "done";
    });
    const isPromise = r instanceof Promise;
    const value = await r;
    return { isPromise, value, rows: st.sql.exec("SELECT v FROM asy").toArray() };
  },

  txnSyncKvClass(self) {
    const st = self.ctx.storage;
    const value = st.transactionSync(() => "kv-class");
    let caught;
    try {
      st.transactionSync(() => {
        st.put("kvtx", 1);
        throw new Error("no");
      });
    } catch (e) {
      caught = e.message;
    }
    return { value, caught };
  },

  // transaction
  async txnValue(self) {
    return self.ctx.storage.transaction(async (txn) => {
      await txn.put("t1", "v1");
      return await txn.get("t1");
    });
  },

  async txnThrow(self) {
    const st = self.ctx.storage;
    let caught;
    try {
      await st.transaction(async (txn) => {
        await txn.put("t2", "never");
        throw new TypeError("txn fails");
      });
    } catch (e) {
      caught = { name: e.name, message: e.message };
    }
    return { caught, t2: await st.get("t2") };
  },

  async txnRollback(self) {
    const st = self.ctx.storage;
    const r = await st.transaction(async (txn) => {
      await txn.put("t3", "rolled");
      txn.rollback();
      return "after rollback";
    });
    return { r, t3: await st.get("t3") };
  },

  async txnOpAfterRollback(self, a) {
    return self.ctx.storage.transaction(async (txn) => {
      txn.rollback();
      return txn[a.op](...(a.args || []));
    });
  },

  async txnDeleteAll(self) {
    return self.ctx.storage.transaction(async (txn) => txn.deleteAll());
  },

  async txnAfterCommit(self, a) {
    let saved;
    await self.ctx.storage.transaction(async (txn) => {
      saved = txn;
    });
    return saved[a.op](...(a.args || []));
  },

  async txnSqlJoins(self) {
    const st = self.ctx.storage;
    st.sql.exec("CREATE TABLE IF NOT EXISTS joined (v TEXT)");
    try {
      await st.transaction(async () => {
        st.sql.exec("INSERT INTO joined VALUES ('x')");
        throw new Error("undo sql");
      });
    } catch {}
    return st.sql.exec("SELECT count(*) AS n FROM joined").one();
  },

  // blockConcurrencyWhile
  async bcwValue(self) {
    return self.ctx.blockConcurrencyWhile(async () => "bcw-value");
  },

  async bcwThrow(self) {
    self.counter = (self.counter || 0) + 1;
    self.afterAwait = false;
    await self.ctx.blockConcurrencyWhile(async () => {
      throw new Error("bcw failed");
    });
    self.afterAwait = true;
    return "unreachable";
  },

  async bump(self) {
    self.counter = (self.counter || 0) + 1;
    return { counter: self.counter, constructed: self.constructed, afterAwait: self.afterAwait ?? null };
  },

  async abortWith(self, a) {
    self.counter = 100;
    if (a.reason === undefined) self.ctx.abort();
    else self.ctx.abort(a.reason);
    return "after abort";
  },

  waitUntil(self) {
    return self.ctx.waitUntil(Promise.resolve(1));
  },

  async manyKeys(self, a) {
    const st = self.ctx.storage;
    const entries = {};
    const keys = [];
    for (let i = 0; i < a.n; i++) {
      entries["k" + String(i).padStart(4, "0")] = i;
      keys.push("k" + String(i).padStart(4, "0"));
    }
    await st.put(entries);
    const got = await st.get(keys);
    const listed = await st.list({ prefix: "k", limit: 3 });
    const deleted = await st.delete(keys);
    return { size: got.size, first: got.get("k0000"), listed, deleted };
  },

  idInside(self) {
    const id = self.ctx.id;
    return {
      equalsName: id.equals(self.env.SQL.idFromName(id.name)),
      name: id.name,
      hex: HEX64.test(id.toString()),
      idType: typeof id,
    };
  },

  async nestedBcw(self) {
    return self.ctx.blockConcurrencyWhile(async () => {
      const inner = await self.ctx.blockConcurrencyWhile(async () => "inner");
      return "outer+" + inner;
    });
  },

  async deleteAllWithAlarm(self) {
    const st = self.ctx.storage;
    await st.setAlarm(Date.now() + 3600000);
    await st.put("k", 1);
    await st.deleteAll();
    return {
      alarm: typeof (await st.getAlarm()),
      master: st.sql.exec("SELECT name FROM sqlite_master ORDER BY name").toArray(),
    };
  },

  hasExports(self) {
    return typeof self.ctx.exports;
  },

  async deleteAllThenSql(self) {
    const st = self.ctx.storage;
    st.sql.exec("CREATE TABLE IF NOT EXISTS gone (v)");
    await st.put("k", 1);
    const r = await st.deleteAll();
    let query;
    try {
      query = st.sql.exec("SELECT * FROM gone").toArray();
    } catch (e) {
      query = { name: e.name, message: e.message };
    }
    await st.put("after", 2);
    return { r, query, list: await st.list() };
  },
};

function construct(self) {
  self.constructed = true;
}

export class SqlStore extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    construct(this);
  }
  fetch(request) {
    return serveObject(request, this, objectTests);
  }
  alarm() {}
}

export class SqlStore2 extends DurableObject {
  fetch(request) {
    return serveObject(request, this, objectTests);
  }
}

export class KvStore extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    construct(this);
  }
  fetch(request) {
    return serveObject(request, this, objectTests);
  }
}

export class Legacy {
  constructor(state, env) {
    this.ctx = state;
    this.env = env;
  }
  fetch(request) {
    return serveObject(request, this, objectTests);
  }
}

const workerTests = {
  idFromName(env) {
    const a = env.SQL.idFromName("alpha");
    const b = env.SQL.idFromName("alpha");
    const other = env.SQL2.idFromName("alpha");
    const empty = env.SQL.idFromName("");
    return {
      equals: a.equals(b),
      sameString: a.toString() === b.toString(),
      name: a.name,
      hex: HEX64.test(a.toString()),
      otherNamespaceDiffers: a.toString() !== other.toString(),
      emptyName: empty.name,
      emptyHex: HEX64.test(empty.toString()),
      differentNames: a.toString() !== env.SQL.idFromName("beta").toString(),
    };
  },
  newUniqueId(env) {
    const a = env.SQL.newUniqueId();
    const b = env.SQL.newUniqueId();
    return { hex: HEX64.test(a.toString()), name: a.name, distinct: !a.equals(b) };
  },
  idFromStringRoundTrip(env) {
    const a = env.SQL.idFromName("gamma");
    const back = env.SQL.idFromString(a.toString());
    return { equals: back.equals(a), name: back.name };
  },
  idFromString(env, a) {
    return env.SQL.idFromString(a.hex).toString().length;
  },
  idFromOtherNamespace(env) {
    return env.SQL2.idFromString(env.SQL.idFromName("x").toString());
  },
  jurisdiction(env) {
    return env.SQL.jurisdiction("eu");
  },
  async getByName(env) {
    const stub = env.SQL.getByName("named");
    await stub.fetch(
      new Request("http://x/do/SQL/named/storage", {
        method: "POST",
        body: JSON.stringify({ method: "put", args: ["via", "getByName"] }),
      }),
    );
    const viaGet = env.SQL.get(env.SQL.idFromName("named"));
    const res = await viaGet.fetch(
      new Request("http://x/do/SQL/named/storage", {
        method: "POST",
        body: JSON.stringify({ method: "get", args: ["via"] }),
      }),
    );
    return {
      stubName: stub.name,
      stubIdName: stub.id.name,
      sameId: stub.id.equals(env.SQL.idFromName("named")),
      stored: await res.json(),
    };
  },
  stubSurface(env) {
    const stub = env.SQL.get(env.SQL.idFromName("s"));
    return { idName: stub.id.name, hasFetch: typeof stub.fetch };
  },
};

export default { fetch: workerFetch(workerTests) };
