package sandbox

import "testing"

func TestNamespaceIDs(t *testing.T) {
	rt, _ := load(t, harness+`
const tests = {
  async w_ids(env) {
    const a = env.OBJ.idFromName("x"), b = env.OBJ.idFromName("x"), e = env.OBJ.idFromName("");
    const u = env.OBJ.newUniqueId();
    return [a.equals(b), a.name, e.name === "", u.toString().length, u.name, /^[0-9a-f]{64}$/.test(u.toString()),
      env.OBJ.idFromString(u.toString()).name, env.OBJ.idFromString(a.toString()).equals(a)].join(",");
  },
  async w_bad(env) { env.OBJ.idFromString("abc"); },
  async w_bad2(env) { env.OBJ.idFromString("z".repeat(64)); },
  async w_foreign(env) { env.OBJ.idFromString(env.OTHER.idFromName("x").toString()); },
  async w_otherns(env) { return env.OBJ.idFromName("x").toString() !== env.OTHER.idFromName("x").toString(); },
  async w_jur(env) { env.OBJ.jurisdiction("eu"); },
  async w_byname(env) {
    await env.OBJ.getByName("n").put1();
    const s = env.OBJ.get(env.OBJ.idFromName("n"));
    return [await s.read1(), s.name, s.id.name].join(",");
  },
  async name(ctx) { return String(ctx.id.name); },
  async instance(ctx) { return String(this instanceof DurableObject); },
};
`+`
Obj.prototype.put1 = async function () { await this.ctx.storage.put("k", 7); };
Obj.prototype.read1 = async function () { return await this.ctx.storage.get("k"); };
export class Other extends DurableObject {}
`, func(o *Options) {
		o.Bindings = append(o.Bindings, Binding{Name: "OTHER", ClassName: "Other"})
	})
	check(t, rt, map[string]string{
		"w_ids":     "true,x,true,64,,true,,true",
		"w_bad":     "threw TypeError: Invalid Durable Object ID: must be 64 hex digits",
		"w_bad2":    "threw TypeError: Invalid Durable Object ID: must be 64 hex digits",
		"w_foreign": "threw TypeError: Durable Object ID is not valid for this namespace.",
		"w_otherns": "true",
		"w_jur":     "threw Error: Jurisdiction restrictions are not implemented in workerd.",
		"w_byname":  "7,n,n",
		"name":      "name",
		"instance":  "true",
	})
}

func TestKVStorage(t *testing.T) {
	rt, _ := load(t, harness+`
const tests = {
  async values(ctx) {
    const s = ctx.storage;
    const v = { d: new Date(5), m: new Map([[1, "a"]]), set: new Set([2]), u: new Uint8Array([1, 2]), b: 10n, n: { x: [1, { y: null }] } };
    const r1 = await s.put("v", v);
    const got = await s.get("v");
    return [r1 === undefined, got.d instanceof Date && got.d.getTime() === 5, got.m.get(1), got.set.has(2),
      got.u instanceof Uint8Array && got.u[1] === 2, got.b === 10n, got.n.x[1].y === null, await s.get("missing")].join(",");
  },
  async keys(ctx) {
    const s = ctx.storage;
    await s.put(5, "five"); await s.put("", "empty");
    return [await s.get("5"), await s.get("")].join(",");
  },
  async order(ctx) {
    const s = ctx.storage;
    for (const k of ["Z", "9", "5", "10", "\u0000", ""]) await s.put(k, 1);
    return JSON.stringify([...(await s.list()).keys()]);
  },
  async putUndef(ctx) { await ctx.storage.put("u", undefined); },
  async putUndefCheck(ctx) { try { await ctx.storage.put("u", undefined); } catch (e) {} return String(await ctx.storage.get("u")); },
  async putFn(ctx) { await ctx.storage.put("f", () => 1); },
  async putShape(ctx) { await ctx.storage.put({ a: 1 }, 5); },
  async putKeyOnly(ctx) { await ctx.storage.put("a"); },
  async multi(ctx) {
    const s = ctx.storage;
    await s.put({ a: 1, b: 2, c: undefined });
    const m = await s.get(["a", "b", "c", "zz"]);
    return [m instanceof Map, [...m.keys()].join("|"), await s.delete("a"), await s.delete("a"), await s.delete(["b", "c", "q"])].join(",");
  },
  async listOpts(ctx) {
    const s = ctx.storage;
    for (const k of ["pre:1", "pre:2", "pre:3", "a", "z"]) await s.put(k, k);
    const ks = async (o) => [...(await s.list(o)).keys()].join("|");
    return [
      await ks({ prefix: "pre:", start: "pre:2" }), await ks({ prefix: "pre:", start: "q" }), await ks({ startAfter: "pre:1", end: "pre:3" }),
      await ks({ reverse: true, limit: 2 }), await ks({ limit: 1.5 }), await ks({ start: "z", end: "a" }),
    ].join(" ; ");
  },
  async listBoth(ctx) { await ctx.storage.list({ start: "a", startAfter: "b" }); },
  async listLimit(ctx) { await ctx.storage.list({ limit: 0 }); },
  async syncKV(ctx) {
    const kv = ctx.storage.kv;
    return [kv.put("a", 1) === undefined, kv.get("a"), String(kv.get("nope")), await ctx.storage.get("a"), JSON.stringify([...kv.list()]), kv.delete("a")].join(",");
  },
  async kvInvalidate(ctx) {
    const kv = ctx.storage.kv; kv.put("a", 1); kv.put("b", 2);
    const it = kv.list(); it.next(); kv.list(); it.next();
  },
};`, nil)
	check(t, rt, map[string]string{
		"values":        "true,true,a,true,true,true,true,",
		"keys":          "five,empty",
		"order":         `["","\u0000","10","5","9","Z"]`,
		"putUndef":      "threw TypeError: put() called with undefined value.",
		"putUndefCheck": "undefined",
		"putFn":         "threw DataCloneError: () => 1 could not be cloned.",
		"putShape":      "threw TypeError: put() may only be called with a single key-value pair and optional options as put(key, value, options) or with multiple key-value pairs and optional options as put(entries, options)",
		"putKeyOnly":    "threw TypeError: put() called with undefined value.",
		"multi":         "true,a|b,true,false,1",
		"listOpts":      "pre:2|pre:3 ;  ; pre:2 ; z|pre:3 ; a ; ",
		"listBoth":      "threw TypeError: list() cannot be called with both start and startAfter values.",
		"listLimit":     "threw TypeError: List limit must be positive.",
		"syncKV":        `true,1,undefined,1,[["a",1]],true`,
		"kvInvalidate":  "threw Error: kv.list() iterator was invalidated because a new call to kv.list() was started. Only one kv.list() iterator can exist at a time.",
	})
}

func TestKVBackedClass(t *testing.T) {
	rt, _ := load(t, harness+`
const tests = {
  async sql(ctx) { ctx.storage.sql.exec("SELECT 1"); },
  async sqlAccess(ctx) { return typeof ctx.storage.sql + "," + typeof ctx.storage.kv; },
  async size(ctx) { return ctx.storage.sql.databaseSize; },
  async kv(ctx) { ctx.storage.kv.get("a"); },
  async bigKey(ctx) { await ctx.storage.put("k".repeat(2049), 1); },
  async bigVal(ctx) { await ctx.storage.put("k", "x".repeat(131072)); },
  async many(ctx) { await ctx.storage.get(Array.from({ length: 129 }, (_, i) => "k" + i)); },
  async ok(ctx) { await ctx.storage.put("k", 1); return await ctx.storage.get("k"); },
  async bookmark(ctx) { return await ctx.storage.getCurrentBookmark(); },
};`, func(o *Options) { o.Classes = nil })
	check(t, rt, map[string]string{
		"sql":       "threw Error: " + msgNoSQL,
		"sqlAccess": "object,object",
		"size":      "threw Error: " + msgNoSQL,
		"kv":        "threw Error: " + msgSyncKV,
		"bigKey":    "threw RangeError: Keys cannot be larger than 2048 bytes. A key of size 2049 was provided.",
		"bigVal":    "threw RangeError: Values cannot be larger than 131072 bytes. A value of size 131078 was provided.",
		"many":      "threw RangeError: Maximum number of key value pairs is 128. 129 pairs were provided.",
		"ok":        "1",
		"bookmark":  "00000000-00000000-00000000-00000000000000000000000000000000",
	})
}
