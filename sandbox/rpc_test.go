package sandbox

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

const rpcWorker = `
import { DurableObject } from "cloudflare:workers";
class Foo { constructor() { this.a = 1; } }
export class Obj extends DurableObject {
  constructor(ctx, env) { super(ctx, env); this.n = 0; this.field = 5; }
  inc() { return ++this.n; }
  values() { return { m: new Map([["k", new Date(3)]]), u: new Uint8Array([9]), b: 7n, x: undefined }; }
  get prop() { return "p"; }
  boomType() { throw new TypeError("bad type"); }
  async boomRange() { throw new RangeError("bad range"); }
  alarm() {}
  echo(v) { return v; }
}
export class Legacy {
  constructor(state, env) { this.state = state; }
  async fetch() { return new Response("legacy ok"); }
  hi() { return 1; }
}
const fmt = (e) => e.name + ": " + e.message + (e.remote ? " (remote)" : "");
const tests = {
  async calls(env) { const s = env.OBJ.getByName("a"); await s.inc(); return String(await s.inc()); },
  async values(env) {
    const v = await env.OBJ.getByName("a").values();
    return [v.m.get("k").getTime(), v.u[0], v.b === 7n, "x" in v, await env.OBJ.getByName("a").prop].join(",");
  },
  async errType(env) { try { await env.OBJ.getByName("a").boomType(); } catch (e) { return fmt(e); } },
  async errRange(env) { try { await env.OBJ.getByName("a").boomRange(); } catch (e) { return fmt(e); } },
  async unknown(env) { try { await env.OBJ.getByName("a").nope(); } catch (e) { return fmt(e); } },
  async field(env) { try { await env.OBJ.getByName("a").field; } catch (e) { return fmt(e); } },
  async reserved(env) { try { await env.OBJ.getByName("a").alarm(); } catch (e) { return fmt(e); } },
  async classArg(env) { try { await env.OBJ.getByName("a").echo(new Foo()); } catch (e) { return fmt(e); } },
  async symArg(env) { try { await env.OBJ.getByName("a").echo(Symbol("s")); } catch (e) { return fmt(e); } },
  async legacy(env) { try { await env.LEGACY.getByName("a").hi(); } catch (e) { return fmt(e); } },
  async legacyFetch(env) { return await (await env.LEGACY.getByName("a").fetch("http://x/")).text(); },
};
export default {
  async fetch(req, env) { return new Response(await tests[new URL(req.url).pathname.slice(1)](env)); },
};
`

func TestRPC(t *testing.T) {
	rt, _ := load(t, rpcWorker, func(o *Options) {
		o.Bindings = append(o.Bindings, Binding{Name: "LEGACY", ClassName: "Legacy"})
	})
	check(t, rt, map[string]string{
		"calls":       "2",
		"values":      "3,9,true,true,p",
		"errType":     "TypeError: bad type (remote)",
		"errRange":    "RangeError: bad range (remote)",
		"unknown":     `TypeError: The RPC receiver does not implement the method "nope". (remote)`,
		"field":       `TypeError: The RPC receiver does not implement the method "field". (remote)`,
		"reserved":    "TypeError: 'alarm' is a reserved method and cannot be called over RPC. (remote)",
		"classArg":    `DataCloneError: Could not serialize object of type "Foo". This type does not support serialization.`,
		"symArg":      "DataCloneError: Symbol(s) could not be cloned.",
		"legacy":      "TypeError: " + msgLegacyRPC + " (remote)",
		"legacyFetch": "legacy ok",
	})
}

func TestRPCBeforeCompatDate(t *testing.T) {
	rt, lg := load(t, rpcWorker+`
tests.old = async (env) => { try { await env.OBJ.getByName("a").add(5); } catch (e) { return e.name + ": " + e.message; } };
`, func(o *Options) { o.CompatibilityDate = "2024-04-02" })
	_, got := get(t, rt, "/old")
	// workerd's V8 words it "stub.add is not a function"; goja's message for
	// calling undefined differs, so only the class is compared.
	if !strings.HasPrefix(got, "TypeError: ") {
		t.Errorf("got %q", got)
	}
	if !strings.Contains(lg.String(), "WARNING: Tried to access method or property 'add' on a Service Binding or Durable Object stub. Are you trying to use RPC?") {
		t.Errorf("missing warning in logs:\n%s", lg)
	}
}

func TestBlockConcurrencyWhileReset(t *testing.T) {
	rt, _ := load(t, `
import { DurableObject } from "cloudflare:workers";
let constructed = 0;
export class Obj extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    constructed++;
    this.mem = 0;
  }
  async fetch(req) {
    const p = new URL(req.url).pathname;
    if (p === "/boom") {
      await this.ctx.blockConcurrencyWhile(async () => { throw new Error("bcw failed"); });
      return new Response("unreachable");
    }
    if (p === "/value") return new Response(String(await this.ctx.blockConcurrencyWhile(async () => 41 + 1)));
    this.mem++;
    return new Response(this.mem + " " + constructed);
  }
}
export default {
  async fetch(req, env) {
    try { return await env.OBJ.getByName("x").fetch(req); }
    catch (e) { return new Response("rejected " + e.name + ": " + e.message); }
  },
};`, nil)
	check(t, rt, map[string]string{"value": "42"})
	if _, got := get(t, rt, "/mem"); got != "1 1" {
		t.Fatalf("mem: %q", got)
	}
	if _, got := get(t, rt, "/boom"); got != "rejected Error: bcw failed" {
		t.Fatalf("boom: %q", got)
	}
	// The instance was reset: the module stays loaded in a fresh isolate, so
	// the constructor ran again with fresh fields.
	if _, got := get(t, rt, "/mem"); got != "1 1" {
		t.Fatalf("after reset: %q", got)
	}
}

func TestAlarms(t *testing.T) {
	clock := NewVirtualClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	rt, lg := load(t, `
import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  async alarm(info) {
    const runs = ((await this.ctx.storage.get("runs")) || []);
    runs.push([Date.now(), info.retryCount, info.isRetry, await this.ctx.storage.getAlarm()]);
    await this.ctx.storage.put("runs", runs);
    if ((await this.ctx.storage.get("fail")) && info.retryCount < 2) throw new Error("alarm failed");
  }
  async fetch(req) {
    const s = this.ctx.storage, p = new URL(req.url).pathname;
    const fmt = (e) => e.name + ": " + e.message;
    if (p === "/set") { await s.setAlarm(Date.now() + 1000); return new Response(String(await s.getAlarm() - Date.now())); }
    if (p === "/fail") { await s.put("fail", true); await s.setAlarm(Date.now() + 10); return new Response("ok"); }
    if (p === "/runs") return new Response(JSON.stringify(await s.get("runs")));
    if (p === "/get") return new Response(String(await s.getAlarm()));
    for (const [arg, name] of [["soon", "str"], [NaN, "nan"], [0, "zero"]]) {
      if (p === "/" + name) { try { await s.setAlarm(arg); } catch (e) { return new Response(fmt(e)); } }
    }
    return new Response("?");
  }
}
export class NoAlarm extends DurableObject {
  async fetch() { try { await this.ctx.storage.setAlarm(Date.now() + 5); } catch (e) { return new Response(e.name + ": " + e.message); } return new Response("set"); }
}
export default {
  async fetch(req, env) {
    const u = new URL(req.url);
    if (u.pathname === "/noalarm") return env.NO.getByName("x").fetch(req);
    return env.OBJ.getByName(u.searchParams.get("o") || "x").fetch(req);
  },
};`, func(o *Options) {
		o.Clock = clock
		o.Bindings = append(o.Bindings, Binding{Name: "NO", ClassName: "NoAlarm"})
		o.Classes["NoAlarm"] = BackendSQLite
	})
	t0 := clock.Now().UnixMilli()
	check(t, rt, map[string]string{
		"set":     "1000",
		"str":     "TypeError: Failed to execute 'setAlarm' on 'DurableObjectStorage': parameter 1 is not of type 'date'.",
		"nan":     "TypeError: The value cannot be converted because it is not a valid Date.",
		"zero":    "TypeError: setAlarm() cannot be called with an alarm time <= 0",
		"noalarm": "TypeError: " + msgNoAlarm,
	})
	rt.Advance(999 * time.Millisecond)
	if _, got := get(t, rt, "/runs"); got != "" {
		t.Fatalf("alarm fired early: %s", got)
	}
	rt.Advance(time.Millisecond)
	want := `[[` + itoa(t0+1000) + `,0,false,null]]`
	if _, got := get(t, rt, "/runs"); got != want {
		t.Fatalf("runs: %s want %s", got, want)
	}
	if _, got := get(t, rt, "/get"); got != "null" {
		t.Fatalf("getAlarm after run: %s", got)
	}
	// Retries: 2 s then 4 s after each failure.
	get(t, rt, "/fail?o=r")
	t1 := clock.Now().UnixMilli()
	rt.Advance(time.Minute)
	want = `[[` + itoa(t1+10) + `,0,false,null],[` + itoa(t1+2010) + `,1,true,null],[` + itoa(t1+6010) + `,2,true,null]]`
	if _, got := get(t, rt, "/runs?o=r"); got != want {
		t.Fatalf("retries: %s\nwant %s", got, want)
	}
	if !strings.Contains(lg.String(), "Uncaught Error: alarm failed") {
		t.Errorf("logs: %s", lg)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

const stubWorker = `
import { DurableObject, RpcTarget } from "cloudflare:workers";
const log: string[] = [];
class Session extends RpcTarget {
  constructor(public user: string) { super(); }
  hello() { return "hello " + this.user; }
  [Symbol.dispose]() { log.push("session of " + this.user + " disposed"); }
}
export class Obj extends DurableObject {
  open(user: string) { return new Session(user); }
  log() { return log.join("; "); }
  later(cb: () => number) { this.cb = cb; return "kept"; }
  async callLater() { try { return await this.cb(); } catch (e: any) { return e.name + ": " + e.message; } }
  cb?: () => number;
}
const tests: Record<string, (env: any) => Promise<string>> = {
  async using(env) {
    const obj = env.OBJ.getByName("a");
    let kept: any;
    {
      using s = await obj.open("ann");
      kept = s;
      if (await s.hello() !== "hello ann") return "bad greeting";
    }
    let after = "";
    try { await kept.hello(); } catch (e: any) { after = e.message; }
    await new Promise((r) => setTimeout(r, 10));
    return after + " | " + await obj.log();
  },
  async paramLifetime(env) {
    const obj = env.OBJ.getByName("b");
    await obj.later(() => 1);
    return obj.callLater();
  },
  async pipelined(env) {
    return env.OBJ.getByName("c").open("bo").hello();
  },
};
export default {
  async fetch(req: Request, env: any) { return new Response(await tests[new URL(req.url).pathname.slice(1)](env)); },
};
`

// Stubs are disposed at the end of a using block (which the bundler
// lowers onto Symbol.dispose), the target's own dispose method then runs
// in the object, and a stub received as an argument ends with its call.
func TestRPCStubLifetimes(t *testing.T) {
	rt, _ := load(t, stubWorker, nil)
	check(t, rt, map[string]string{
		"using":         msgStubDisposed + " | session of ann disposed",
		"paramLifetime": "Error: " + msgStubDisposed,
		"pipelined":     "hello bo",
	})
}

// A stub leaves its isolate's table when it is disposed, so that a
// long-running Worker that passes callbacks on every request does not
// keep them all.
func TestRPCStubsReleased(t *testing.T) {
	rt, _ := load(t, `
import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  callBack(fn) { return fn(1); }
  keep(fn) { this.kept = fn.dup(); }
  drop() { this.kept[Symbol.dispose](); }
}
export default {
  async fetch(req, env) {
    const o = env.OBJ.getByName("a");
    let sum = 0;
    for (let i = 0; i < 50; i++) sum += await o.callBack((x) => x + i);
    await o.keep(() => 0);
    return new Response(String(sum));
  },
};`, nil)
	if _, got := get(t, rt, "/"); got != "1275" {
		t.Fatalf("sum %q, want 1275", got)
	}
	live := func() int {
		rec, err := rt.object("OBJ", "a")
		if err != nil {
			t.Fatal(err)
		}
		rec.mu.Lock()
		a := rec.live
		rec.mu.Unlock()
		n := make(chan int, 1)
		a.iso.loop.Post(func() { n <- len(a.iso.stubs) }, false)
		return <-n
	}
	if n := live(); n != 1 {
		t.Errorf("after 50 calls and one dup() kept: %d live stubs in the object, want 1", n)
	}
	if _, err := rt.Call("OBJ", "a", "drop"); err != nil {
		t.Fatal(err)
	}
	if n := live(); n != 0 {
		t.Errorf("after the kept stub is disposed: %d live stubs, want 0", n)
	}
}
