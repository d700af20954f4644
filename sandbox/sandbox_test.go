package sandbox

import (
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// load writes src as the Worker's entry module and loads it with a Counter
// binding (SQLite-backed unless opts says otherwise).
func load(t *testing.T, src string, mod func(*Options)) (*Runtime, *logs) {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "src"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "src", "index.ts"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	lg := &logs{}
	opts := Options{
		Main: "src/index.ts", Dir: dir, CompatibilityDate: "2025-09-01",
		Bindings: []Binding{{Name: "OBJ", ClassName: "Obj"}},
		Classes:  map[string]Backend{"Obj": BackendSQLite},
		Vars:     map[string]any{"GREETING": "hi"},
		OnLog:    lg.add,
		Limits:   Limits{CPU: 2 * time.Second},
	}
	if mod != nil {
		mod(&opts)
	}
	rt, err := Load(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rt.Close() })
	return rt, lg
}

type logs struct {
	mu    sync.Mutex
	lines []string
}

func (l *logs) add(x Log) {
	l.mu.Lock()
	l.lines = append(l.lines, x.Level+": "+x.Message)
	l.mu.Unlock()
}

func (l *logs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

func get(t *testing.T, rt *Runtime, path string) (int, string) {
	t.Helper()
	res, err := rt.Fetch(httptest.NewRequest("GET", "http://example.com"+path, nil))
	if res == nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// evalWorker is a Worker whose fetch handler runs the test body (given as
// the request path's "code") inside the object named "t" via RPC.
const harness = `
import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  async run(name: string) {
    const f = (tests as any)[name];
    try {
      const v = await f.call(this, this.ctx, this.env);
      return typeof v === "string" ? v : JSON.stringify(v);
    } catch (e: any) {
      return "threw " + (e && e.name) + ": " + (e && e.message);
    }
  }
}
export default {
  async fetch(req: Request, env: any) {
    const name = new URL(req.url).pathname.slice(1);
    if (name.startsWith("w_")) {
      try { return new Response(String(await (tests as any)[name](env))); }
      catch (e: any) { return new Response("threw " + e.name + ": " + e.message); }
    }
    const stub = env.OBJ.getByName(name);
    return new Response(await stub.run(name));
  },
};
`

func check(t *testing.T, rt *Runtime, cases map[string]string) {
	t.Helper()
	for name, want := range cases {
		_, got := get(t, rt, "/"+name)
		if got != want {
			t.Errorf("%s:\n got: %s\nwant: %s", name, got, want)
		}
	}
}

func TestSmoke(t *testing.T) {
	rt, lg := load(t, harness+`
const tests = {
  async hello(ctx, env) { return env.GREETING + " " + ctx.id.name + " " + ctx.id.toString().length; },
  async w_plain(env) { return "worker " + env.GREETING; },
};`, nil)
	check(t, rt, map[string]string{
		"hello":   "hi hello 64",
		"w_plain": "worker hi",
	})
	_ = lg
}
