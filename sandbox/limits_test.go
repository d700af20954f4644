package sandbox

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestAdversarial(t *testing.T) {
	rt, _ := load(t, `
import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  async fetch(req) {
    const p = new URL(req.url).pathname;
    if (p === "/spin") { while (true) {} }
    if (p === "/count") { this.n = (this.n || 0) + 1; return new Response(String(this.n)); }
    return new Response("?");
  }
}
const tests = {
  spin() { while (true) {} },
  recurse() { const f = (n) => f(n + 1) + 1; return f(0); },
  // One copy of 1 MiB a round: the heap, not the CPU, runs out first,
  // however slow the machine (building the string a character at a time
  // each round takes longer than the CPU limit under the race detector).
  bomb() { const s = "x".repeat(1 << 20), a = []; while (true) a.push(s + a.length); },
  file() {
    const out = [typeof process, typeof Deno, typeof globalThis.fs];
    for (const m of ["node:fs", "fs"]) { try { require(m); out.push("loaded " + m); } catch (e) { out.push(e.message); } }
    return out.join(",");
  },
  async net() { try { await fetch("https://example.com/"); } catch (e) { return e.name + ": " + e.message; } },
  async loopback() { try { await fetch("http://127.0.0.1:9/"); } catch (e) { return e.name + ": " + e.message; } },
  ok() { return "still alive"; },
  async objSpin(env) { try { await env.OBJ.getByName("s").fetch("http://x/spin"); } catch (e) { return e.name + ": " + e.message; } },
  async objCount(env) { return (await env.OBJ.getByName("s").fetch("http://x/count")).text(); },
};
export default {
  async fetch(req, env) { return new Response(await tests[new URL(req.url).pathname.slice(1)](env)); },
};`, func(o *Options) {
		o.Limits = Limits{CPU: time.Second, Memory: 64 << 20, MaxCallStack: 2000}
	})
	for _, c := range []struct{ path, want string }{
		{"spin", "Error: Worker exceeded CPU time limit."},
		{"recurse", "RangeError: Maximum call stack size exceeded"},
		{"bomb", "Error: Worker exceeded memory limit."},
	} {
		res, err := rt.Fetch(httptest.NewRequest("GET", "http://x/"+c.path, nil))
		if err == nil || err.Error() != c.want || res.StatusCode != 500 {
			t.Errorf("%s: status %v err %v, want %s", c.path, res.StatusCode, err, c.want)
		}
		// The process and the runtime survive: the next request works.
		if _, got := get(t, rt, "/ok"); got != "still alive" {
			t.Fatalf("after %s: %q", c.path, got)
		}
	}
	check(t, rt, map[string]string{
		"file":     `undefined,undefined,undefined,No such module "node:fs".,No such module "fs".`,
		"net":      "TypeError: Network access is disabled in the sandbox: fetch(https://example.com/) is not in the outbound allowlist.",
		"loopback": "TypeError: Network access is disabled in the sandbox: fetch(http://127.0.0.1:9/) is not in the outbound allowlist.",
		"objSpin":  "Error: Worker exceeded CPU time limit.",
	})
	// The object that spun was reset; a new instance serves the next call.
	if _, got := get(t, rt, "/objCount"); got != "1" {
		t.Errorf("objCount after reset: %q", got)
	}
}

func TestBundleError(t *testing.T) {
	_, err := Load(Options{Main: writeFile(t, "src/index.ts", "export default {\n  fetch( {\n}\n"), Bindings: nil})
	if err == nil || !strings.Contains(err.Error(), `index.ts:4:1: Expected ")" but found end of file`) {
		t.Fatalf("want a positioned bundling error, got %v", err)
	}
}

func writeFile(t *testing.T, name, src string) string {
	t.Helper()
	dir := t.TempDir()
	path := dir + "/" + name
	if err := mkdirWrite(path, src); err != nil {
		t.Fatal(err)
	}
	return path
}

func mkdirWrite(path, src string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(src), 0o644)
}

// A limit hit while a Durable Object's isolate evaluates the Worker's module
// fails the call that needed the object; the next call tries again.
func TestLimitDuringObjectStart(t *testing.T) {
	clock := NewVirtualClock(time.Unix(1000, 0))
	rt, _ := load(t, `
import { DurableObject } from "cloudflare:workers";
// Isolates started after the clock moved past 2000 s spin while they load.
if (Date.now() > 2000e3 && Date.now() < 3000e3) { while (true) {} }
export class Obj extends DurableObject {
  async fetch() { return new Response("constructed"); }
}
export default {
  async fetch(req, env) {
    try { return await env.OBJ.getByName("a").fetch(req); } catch (e) { return new Response(e.name + ": " + e.message); }
  },
};`, func(o *Options) {
		o.Clock = clock
		o.Limits = Limits{CPU: 200 * time.Millisecond}
	})
	rt.Advance(1500 * time.Second)
	done := make(chan string, 1)
	go func() { _, got := get(t, rt, "/"); done <- got }()
	select {
	case got := <-done:
		if got != "Error: Worker exceeded CPU time limit." {
			t.Errorf("while the object cannot start: %q", got)
		}
	case <-time.After(time.Minute):
		t.Fatal("the call is still waiting for the object after a minute")
	}
	rt.Advance(1000 * time.Second)
	if _, got := get(t, rt, "/"); got != "constructed" {
		t.Errorf("once the object can start: %q", got)
	}
}

// The first turn of an isolate, which evaluates the module graph, is
// bounded by StartupCPU; each later turn by CPU. StartupCPU reports what
// the heaviest startup used.
func TestStartupCPU(t *testing.T) {
	const src = `
import { DurableObject } from "cloudflare:workers";
function work() { let x = 0; for (let i = 0; i < 3e6; i++) { x = (x * 31 + i) % 1000003; } return x; }
const atLoad = work();
export class Obj extends DurableObject {}
export default {
  async fetch(req) {
    if (new URL(req.url).pathname === "/work") { return new Response(String(work())); }
    return new Response(String(atLoad));
  },
};`
	calib, _ := load(t, src, func(o *Options) { o.Limits = Limits{CPU: time.Minute} })
	u := calib.StartupCPU()
	if u <= 0 {
		t.Fatalf("StartupCPU after a load that ran a loop = %v", u)
	}
	rt, _ := load(t, src, func(o *Options) { o.Limits = Limits{CPU: u / 4, StartupCPU: 8 * u} })
	if _, got := get(t, rt, "/"); got == "" || strings.Contains(got, "exceeded") {
		t.Errorf("the module evaluated within StartupCPU: %q", got)
	}
	if got := rt.StartupCPU(); got <= 0 || got > 8*u {
		t.Errorf("StartupCPU = %v, want within (0, %v]", got, 8*u)
	}
	if _, got := get(t, rt, "/work"); !strings.Contains(got, "exceeded CPU time limit") {
		t.Errorf("the same work in a later turn, over CPU: %q", got)
	}

	// A module that spins at load is still ended, at StartupCPU.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.js"), []byte("while (true) {}\nexport default { fetch() { return new Response(''); } };\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	spin, err := Load(Options{Main: "index.js", Dir: dir, Limits: Limits{CPU: time.Minute, StartupCPU: 200 * time.Millisecond}})
	if err == nil {
		spin.Close()
		t.Fatal("a module that spins forever at load loaded")
	}
	if !strings.Contains(err.Error(), "exceeded CPU time limit") || time.Since(start) > 30*time.Second {
		t.Errorf("a module that spins at load: %v after %v", err, time.Since(start))
	}
}
