package sandbox

import "testing"

const txnMsg = "To execute a transaction, please use the state.storage.transaction() or state.storage.transactionSync() APIs instead of the SQL BEGIN TRANSACTION or SAVEPOINT statements. The JavaScript API is safer because it will automatically roll back on exceptions, and because it interacts correctly with Durable Objects' automatic atomic write coalescing."

func TestSQL(t *testing.T) {
	rt, _ := load(t, harness+`
const setup = (sql) => {
  sql.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, a, b)");
  for (const n of ["a", "b", "c", "d", "e"]) sql.exec("INSERT INTO t (name) VALUES (?)", n);
};
const tests = {
  async cursor(ctx) {
    const sql = ctx.storage.sql; setup(sql);
    const c = sql.exec("SELECT id, name FROM t ORDER BY id");
    const first = c.next();
    const rest = c.toArray();
    return JSON.stringify([c.columnNames, first, rest.length, c.toArray(), c.next(), c.rowsRead, c.rowsWritten]);
  },
  async raw(ctx) {
    const sql = ctx.storage.sql;
    const c = sql.exec("SELECT 1 AS x, 2 AS x");
    const c2 = sql.exec("SELECT 1 AS x, 2 AS x");
    return JSON.stringify([c.columnNames, c2.one(), [...c.raw()], sql.exec("SELECT 3 AS y").raw().toArray(), typeof sql.exec("SELECT 1").raw().map]);
  },
  async one0(ctx) { ctx.storage.sql.exec("SELECT 1 WHERE 0").one(); },
  async one2(ctx) { ctx.storage.sql.exec("SELECT 1 UNION ALL SELECT 2").one(); },
  async bind(ctx) {
    const sql = ctx.storage.sql;
    const q = (v) => sql.exec("SELECT typeof(?) AS t, ? AS v", v, v).one();
    return JSON.stringify([q(2.0), q(2 ** 53 + 2), q(true), q(null), q(undefined), q({ a: 1 }), q(new Date(0)).v, q(new Uint8Array([1])).t]);
  },
  async bigint(ctx) { ctx.storage.sql.exec("SELECT ?", 5n); },
  async results(ctx) {
    const r = ctx.storage.sql.exec("SELECT 9007199254740993 AS i, 1.0 AS r, 'x' AS s, x'0102' AS b, NULL AS n").one();
    return [r.i, r.r, r.s, r.b instanceof ArrayBuffer && r.b.byteLength, r.n].join(",");
  },
  async params(ctx) {
    const sql = ctx.storage.sql;
    return JSON.stringify([sql.exec("SELECT ?1 AS a, ?1 AS b", 4).one(), sql.exec("SELECT :x AS a", 5).one()]);
  },
  async wrongCount(ctx) { ctx.storage.sql.exec("SELECT ?, ?", 1); },
  async multiParam(ctx) { ctx.storage.sql.exec("SELECT ?; SELECT 1", 1); },
  async empty(ctx) { ctx.storage.sql.exec(""); },
  async syntax(ctx) { ctx.storage.sql.exec("SELEC 1"); },
  async begin(ctx) { ctx.storage.sql.exec("BEGIN TRANSACTION"); },
  async partial(ctx) {
    const sql = ctx.storage.sql; sql.exec("CREATE TABLE p (x)");
    try { sql.exec("INSERT INTO p VALUES (1); BEGIN TRANSACTION"); } catch (e) {}
    return sql.exec("SELECT count(*) AS n FROM p").one().n;
  },
  async cfkv(ctx) { await ctx.storage.put("a", 1); ctx.storage.sql.exec("SELECT * FROM _cf_KV"); },
  async master(ctx) {
    await ctx.storage.put("a", 1);
    return ctx.storage.sql.exec("SELECT name FROM sqlite_master").toArray().map((r) => r.name).join(",");
  },
  async eager(ctx) {
    const sql = ctx.storage.sql;
    sql.exec("CREATE TABLE e (x)"); sql.exec("INSERT INTO e VALUES (1)");
    return sql.exec("SELECT count(*) AS n FROM e").one().n;
  },
  async counters(ctx) {
    const sql = ctx.storage.sql;
    const c = sql.exec("CREATE TABLE c (id INTEGER PRIMARY KEY, name TEXT, a, b)");
    const i = sql.exec("INSERT INTO c (name) VALUES ('a'), ('b'), ('c')");
    return [c.rowsRead, c.rowsWritten, i.rowsRead, i.rowsWritten].join("/");
  },
  async txSync(ctx) {
    const sql = ctx.storage.sql; sql.exec("CREATE TABLE s (x)");
    const r = ctx.storage.transactionSync(() => { sql.exec("INSERT INTO s VALUES (1)"); return 42; });
    try {
      ctx.storage.transactionSync(() => { sql.exec("INSERT INTO s VALUES (2)"); ctx.storage.kv.put("k", 1); throw new RangeError("no"); });
    } catch (e) { if (!(e instanceof RangeError)) throw e; }
    ctx.storage.transactionSync(() => {
      sql.exec("INSERT INTO s VALUES (3)");
      try { ctx.storage.transactionSync(() => { sql.exec("INSERT INTO s VALUES (4)"); throw new Error("inner"); }); } catch (e) {}
    });
    return [r, sql.exec("SELECT group_concat(x) AS g FROM s").one().g, String(ctx.storage.kv.get("k"))].join(",");
  },
  async txn(ctx) {
    const s = ctx.storage;
    const v = await s.transaction(async (txn) => { await txn.put("a", 1); return "ok"; });
    let err;
    try { await s.transaction(async (txn) => { await txn.put("b", 1); throw new Error("boom"); }); } catch (e) { err = e.message; }
    await s.transaction(async (txn) => { await txn.put("c", 1); txn.rollback(); });
    let saved;
    await s.transaction(async (txn) => { saved = txn; });
    let after;
    try { await saved.get("a"); } catch (e) { after = e.message; }
    let da;
    try { await s.transaction(async (txn) => { await txn.deleteAll(); }); } catch (e) { da = e.message; }
    return [v, err, await s.get("a"), String(await s.get("b")), String(await s.get("c")), after, da].join(" | ");
  },
  async deleteAll(ctx) {
    const s = ctx.storage; s.sql.exec("CREATE TABLE d (x)"); await s.put("k", 1);
    const r = await s.deleteAll();
    let msg; try { s.sql.exec("SELECT * FROM d"); } catch (e) { msg = e.message; }
    await s.put("k2", 2);
    return [String(r), msg, String(await s.get("k")), await s.get("k2")].join(",");
  },
};`, nil)
	check(t, rt, map[string]string{
		"cursor":     `[["id","name"],{"done":false,"value":{"id":1,"name":"a"}},4,[],{"done":true},5,0]`,
		"raw":        `[["x","x"],{"x":2},[[1,2]],[[3]],"function"]`,
		"one0":       "threw Error: Expected exactly one result from SQL query, but got no results.",
		"one2":       "threw Error: Expected exactly one result from SQL query, but got multiple results.",
		"bind":       `[{"t":"real","v":2},{"t":"real","v":9007199254740994},{"t":"text","v":"true"},{"t":"null","v":null},{"t":"null","v":null},{"t":"text","v":"[object Object]"},"Thu Jan 01 1970 00:00:00 GMT+0000 (Coordinated Universal Time)","blob"]`,
		"bigint":     "threw TypeError: Cannot convert a BigInt value to a number",
		"results":    "9007199254740992,1,x,2,",
		"params":     `[{"a":4,"b":4},{"a":5}]`,
		"wrongCount": "threw Error: Wrong number of parameter bindings for SQL query.",
		"multiParam": "threw Error: When executing multiple SQL statements in a single call, only the last statement can have parameters.",
		"empty":      "threw Error: SQL code did not contain a statement.",
		"syntax":     `threw Error: near "SELEC": syntax error at offset 0: SQLITE_ERROR`,
		"begin":      "threw Error: " + txnMsg,
		"partial":    "1",
		"cfkv":       "threw Error: access to _cf_KV.key is prohibited: SQLITE_AUTH",
		"master":     "_cf_KV",
		"eager":      "1",
		"counters":   "1/2/0/3",
		"txSync":     "42,1,3,undefined",
		"txn":        "ok | boom | 1 | undefined | undefined | Cannot call get() on transaction that has already committed: did you move `txn` outside of the closure? | Cannot call deleteAll() within a transaction",
		"deleteAll":  "undefined,no such table: d: SQLITE_ERROR,undefined,2",
	})
}
