package sandbox

import (
	"net/http/httptest"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// fetchErr runs the harness test name and returns the script error the
// Worker failed with ("" if none) and how long it took.
func fetchErr(t *testing.T, rt *Runtime, name string) (string, string, time.Duration) {
	t.Helper()
	start := time.Now()
	res, err := rt.Fetch(httptest.NewRequest("GET", "http://x/"+name, nil))
	took := time.Since(start)
	if err != nil {
		return "", err.Error(), took
	}
	var b [4096]byte
	n, _ := res.Body.Read(b[:])
	return string(b[:n]), "", took
}

// Attacks on the limits from inside native work: each ends as workerd
// ends it, near the limit, and the object serves the next call.
func TestLimitsInsideNatives(t *testing.T) {
	rt, _ := load(t, harness+`
const deep = (n) => { let o = {}; for (let i = 0; i < n; i++) o = { a: o }; return o; };
const tests = {
  async sql(ctx) { return ctx.storage.sql.exec("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) AS n FROM c").one().n; },
  async putDeep(ctx) { await ctx.storage.put("k", deep(15000)); return "stored"; },
  async putOK(ctx) { await ctx.storage.put("k", deep(500)); let v = await ctx.storage.get("k"), n = 0; while (v.a) { v = v.a; n++; } return n; },
  async bcw(ctx) { await ctx.blockConcurrencyWhile(() => new Promise(() => {})); return "never"; },
  async count() { this.n = (this.n || 0) + 1; return this.n; },
  async codegen() { return Function("return this")(); },
  async w_parse() { return JSON.parse("[".repeat(2e4) + "]".repeat(2e4)).length; },
  async w_regexp() { return /^(?=a)(a+)+$/.test("a".repeat(30) + "b"); },
};`, func(o *Options) {
		o.Limits = Limits{CPU: 300 * time.Millisecond, BlockConcurrency: 200 * time.Millisecond, MaxNesting: 1000}
	})
	const cpu = "Error: Worker exceeded CPU time limit."
	for _, c := range []struct{ name, body, err string }{
		{"sql", "", cpu},
		{"putDeep", "threw RangeError: Maximum call stack size exceeded", ""},
		{"putOK", "500", ""},
		{"bcw", "", "Error: A call to blockConcurrencyWhile() in a Durable Object waited for too long. The call was canceled and the Durable Object was reset."},
		{"codegen", "threw EvalError: Code generation from strings disallowed for this context", ""},
		{"w_parse", "1", ""},
		{"w_regexp", "", cpu},
	} {
		body, err, took := fetchErr(t, rt, c.name)
		if body != c.body || err != c.err {
			t.Errorf("%s: body %q err %q, want body %q err %q", c.name, body, err, c.body, c.err)
		}
		if took > 10*time.Second {
			t.Errorf("%s: took %v", c.name, took)
		}
	}
}

// A request that arrives while another spins is not charged for the spin:
// it waits, and then runs on a fresh isolate.
func TestCPUChargedPerEvent(t *testing.T) {
	rt, _ := load(t, `
export class Obj {}
export default {
  async fetch(req) {
    if (new URL(req.url).pathname === "/spin") { while (true) {} }
    return new Response("ok");
  },
};`, func(o *Options) { o.Limits = Limits{CPU: 300 * time.Millisecond} })
	spun := make(chan string, 1)
	go func() { _, err, _ := fetchErr(t, rt, "spin"); spun <- err }()
	time.Sleep(100 * time.Millisecond)
	body, err, _ := fetchErr(t, rt, "ok")
	if body != "ok" || err != "" {
		t.Errorf("the request that arrived during the spin: body %q err %q", body, err)
	}
	if err := <-spun; err != "Error: Worker exceeded CPU time limit." {
		t.Errorf("the spin: %q", err)
	}
}

// Values nested far deeper than any Go stack allows reach every native
// that takes user values; none recurses once per level. Go's stack is
// capped here at 16 MiB, so that a native that did would crash the test.
func TestDeepValuesReachNatives(t *testing.T) {
	defer debug.SetMaxStack(debug.SetMaxStack(16 << 20))
	rt, _ := load(t, harness+`
const deep = (n) => { let o = {}; for (let i = 0; i < n; i++) o = { a: o }; return o; };
const d = deep(2e5);
const attempt = (f) => { try { return String(f()); } catch (e) { return e.name + ": " + e.message; } };
const tests = {
  async values(ctx) {
    return [
      attempt(() => ctx.storage.sql.exec("SELECT ? AS v", d).one().v),
      attempt(() => structuredClone(d)),
      attempt(() => JSON.stringify(d).length),
      attempt(() => typeof new Response(null, { status: 101, webSocket: { _h: d } })),
      await ctx.storage.put("k", d).then(() => "stored", (e) => e.name + ": " + e.message),
      await this.env.OBJ.getByName("other").count(d).then(String, (e) => e.name + ": " + e.message),
    ].join("\n");
  },
  async count() { return 1; },
};`, func(o *Options) { o.Limits = Limits{CPU: 20 * time.Second} })
	const deep = "RangeError: Maximum call stack size exceeded"
	want := strings.Join([]string{"[object Object]", deep, "1200002", "object", deep, deep}, "\n")
	if body, err, _ := fetchErr(t, rt, "values"); body != want || err != "" {
		t.Errorf("got body %q err %q, want %q", body, err, want)
	}
}

// A Response whose webSocket is not one reaches the runtime's conversion
// of responses, which must not walk it.
func TestDeepFakeWebSocket(t *testing.T) {
	defer debug.SetMaxStack(debug.SetMaxStack(16 << 20))
	rt, _ := load(t, `
export class Obj {}
export default {
  async fetch() {
    let o = {};
    for (let i = 0; i < 2e5; i++) o = { a: o };
    return new Response(null, { status: 101, webSocket: { _h: o } });
  },
};`, nil)
	if _, err, _ := fetchErr(t, rt, "x"); err != "" {
		t.Errorf("err %q", err)
	}
}
