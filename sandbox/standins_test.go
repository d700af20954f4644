package sandbox

import (
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Under verification a Worker's outbound fetch is answered by the stub and
// recorded, bindings the runtime does not provide accept any use, and the
// schema makes tables before the object's first statement; without the
// options the network stays off and the binding undefined.
func TestStandIns(t *testing.T) {
	src := `
import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  async net() {
    const r = await fetch("https://api.example.com/v1/x", { method: "POST", body: "hi" });
    return r.status + ":" + (await r.text());
  }
  async kv() {
    const v = await this.env.CACHE.get("k");
    await this.env.QUEUE.send({ a: 1 });
    const row = await this.env.DB.prepare("SELECT 1").bind(2).first();
    return [v, row, typeof this.env.GREETING];
  }
  rows() { return this.ctx.storage.sql.exec("SELECT count(*) AS n FROM items").one().n; }
}
export default { fetch() { return new Response("ok"); } };`
	var mu sync.Mutex
	var sent []Outbound
	var calls []string
	rt, _ := load(t, src, func(o *Options) {
		o.StubFetch = func(req Outbound) StubReply {
			mu.Lock()
			sent = append(sent, req)
			mu.Unlock()
			return StubReply{}
		}
		o.StandIns = []string{"CACHE", "QUEUE", "DB", "GREETING"}
		o.OnStandIn = func(c string) {
			mu.Lock()
			calls = append(calls, c)
			mu.Unlock()
		}
		o.Schema = []string{"CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)", "CREATE INDEX nope ON missing (x)", "INSERT INTO items (name) VALUES ('a')"}
	})
	if v, err := rt.Call("OBJ", "a", "net"); err != nil || v != "200:" {
		t.Errorf("net() = %v, %v; want the stub's 200 with an empty body", v, err)
	}
	if len(sent) != 1 || sent[0].Method != "POST" || sent[0].URL != "https://api.example.com/v1/x" || string(sent[0].Body) != "hi" {
		t.Errorf("recorded %+v", sent)
	}
	v, err := rt.Call("OBJ", "a", "kv")
	if err != nil || fmt.Sprint(v) != "[<nil> <nil> string]" {
		t.Errorf("kv() = %v, %v; want null, null, and the var kept as a string", v, err)
	}
	if strings.Join(calls, ",") != "CACHE.get,QUEUE.send,DB.prepare,DB.prepare().bind,DB.prepare().bind().first" {
		t.Errorf("stand-in calls %q", calls)
	}
	// A failing statement is skipped; the others run.
	if v, err := rt.Call("OBJ", "b", "rows"); err != nil || v != int64(1) {
		t.Errorf("rows() = %v (%T), %v; want 1", v, v, err)
	}

	off, _ := load(t, src, nil)
	if _, err := off.Call("OBJ", "a", "net"); err == nil || !strings.Contains(err.Error(), "Network access is disabled") {
		t.Errorf("without a stub, net() = %v", err)
	}
	if _, err := off.Call("OBJ", "a", "kv"); err == nil || !strings.Contains(err.Error(), "undefined") {
		t.Errorf("without stand-ins, kv() = %v", err)
	}
	if _, err := off.Call("OBJ", "a", "rows"); err == nil || !strings.Contains(err.Error(), "no such table: items") {
		t.Errorf("without a schema, rows() = %v", err)
	}
}

// A .sql module is text, as wrangler's default rules make it: Drizzle's
// Durable Object migrations import their SQL files.
func TestSQLModuleImport(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "src"), 0o755)
	os.WriteFile(filepath.Join(dir, "src", "0000_init.sql"), []byte("CREATE TABLE t (a TEXT);\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "src", "index.ts"), []byte(`import init from "./0000_init.sql";
export default { fetch() { return new Response(init); } };`), 0o644)
	rt, err := Load(Options{Main: "src/index.ts", Dir: dir, CompatibilityDate: "2025-09-01", Limits: Limits{CPU: 2 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close()
	res, err := rt.Fetch(httptest.NewRequest("GET", "http://x/", nil))
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(res.Body); string(b) != "CREATE TABLE t (a TEXT);\n" {
		t.Errorf("body %q", b)
	}
}

// Class fields named get and set, as Hono's context declares, parse.
func TestClassFieldsNamedGetSet(t *testing.T) {
	rt, _ := load(t, `
class Ctx {
  #vars;
  set = (k, v) => {
    this.#vars ??= new Map();
    this.#vars.set(k, v);
    return this.#vars.size;
  };
  get = (k) => this.#vars?.get(k);
}
export default { fetch() { const c = new Ctx(); c.set("a", 1); return new Response(String(c.set("b", 2)) + c.get("b")); } };`, func(o *Options) { o.Bindings = nil })
	res, err := rt.Fetch(httptest.NewRequest("GET", "http://x/", nil))
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(res.Body); string(b) != "22" {
		t.Errorf("body %q", b)
	}
}

// A node: module the runtime lacks is a stand-in when asked for, named
// imports and subclasses included; otherwise the import fails as before.
func TestNodeModuleStandIn(t *testing.T) {
	src := `
import { posix } from "node:path/posix";
import { EventEmitter } from "node:events";
class Bus extends EventEmitter { hello() { return "hi"; } }
const b = new Bus();
const mode = process.env.NODE_ENV ?? "unset";
export default { fetch() { return new Response(b.hello() + typeof posix.join + mode); } };`
	var calls []string
	rt, _ := load(t, src, func(o *Options) {
		o.Bindings = nil
		o.StandInNodeModules = true
		o.OnStandIn = func(c string) { calls = append(calls, c) }
	})
	res, err := rt.Fetch(httptest.NewRequest("GET", "http://x/", nil))
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(res.Body); string(b) != "hifunctionunset" {
		t.Errorf("body %q", b)
	}
	if !strings.Contains(strings.Join(calls, ","), "import node:path/posix") {
		t.Errorf("calls %q", calls)
	}
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "src"), 0o755)
	os.WriteFile(filepath.Join(dir, "src", "index.ts"), []byte(src), 0o644)
	if _, err := Load(Options{Main: "src/index.ts", Dir: dir, CompatibilityDate: "2025-09-01", Limits: Limits{CPU: 2 * time.Second}}); err == nil || !strings.Contains(err.Error(), `No such module "node:path/posix"`) {
		t.Errorf("without stand-ins: %v", err)
	}
}
