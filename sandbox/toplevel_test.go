package sandbox

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A Worker with a top-level await (a WebAssembly module compiled at load,
// say) cannot be CommonJS; its ES module bundle runs as an async body, and
// the exports are there once the body has finished.
func TestTopLevelAwait(t *testing.T) {
	src := `
import { DurableObject } from "cloudflare:workers";
import { helper } from "./lib";
const base = await Promise.resolve(40);
export class Obj extends DurableObject {
  answer() { return base + helper(); }
  mode() { return [import.meta.env.MODE, typeof import.meta.env.VITE_MISSING]; }
}
export const named = "n";
export default { fetch() { return new Response("top " + base); } };`
	rt, _ := load(t, src, func(o *Options) {
		putFile(t, filepath.Join(o.Dir, "src", "lib.ts"), `export const helper = () => 2;`)
	})
	if v, err := rt.Call("OBJ", "a", "answer"); err != nil || v != int64(42) {
		t.Errorf("answer() = %v (%T), %v; want 42", v, v, err)
	}
	if v, err := rt.Call("OBJ", "a", "mode"); err != nil || strings.Join(toStrings(v), ",") != "production,undefined" {
		t.Errorf("mode() = %v, %v", v, err)
	}
	names, err := rt.Exports()
	if err != nil || strings.Join(names, ",") != "Obj,default,named" {
		t.Errorf("exports = %v, %v", names, err)
	}
}

func TestTopLevelAwaitFails(t *testing.T) {
	for name, tc := range map[string]struct{ body, want string }{
		"throws":  {`await Promise.reject(new RangeError("no wasm"));`, "Uncaught RangeError: no wasm"},
		"pending": {`await new Promise(() => {});`, "top-level await never settles"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			putFile(t, filepath.Join(dir, "src", "index.ts"), `
import { DurableObject } from "cloudflare:workers";
`+tc.body+`
export class Obj extends DurableObject {}
export default { fetch() { return new Response("x"); } };`)
			_, err := Load(Options{Main: "src/index.ts", Dir: dir, CompatibilityDate: "2025-09-01",
				Bindings: []Binding{{Name: "OBJ", ClassName: "Obj"}}, Classes: map[string]Backend{"Obj": BackendSQLite},
				Limits: Limits{CPU: 2 * time.Second}})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Load: %v; want %q", err, tc.want)
			}
		})
	}
}

// Vite's asset imports: ?raw is the file's text, ?url a URL, ?inline a
// data URL; the fence still keeps them inside the project.
func TestAssetQueries(t *testing.T) {
	src := `
import { DurableObject } from "cloudflare:workers";
import skill from "./skill.md?raw";
import logo from "./logo.svg?url";
import dot from "./dot.txt?inline";
export class Obj extends DurableObject {
  assets() { return [skill, logo, dot]; }
}
export default { fetch() { return new Response("x"); } };`
	rt, _ := load(t, src, func(o *Options) {
		putFile(t, filepath.Join(o.Dir, "src", "skill.md"), "# Skill\nbody")
		putFile(t, filepath.Join(o.Dir, "src", "logo.svg"), "<svg/>")
		putFile(t, filepath.Join(o.Dir, "src", "dot.txt"), ".")
		// The overlay serves a queried import as it serves any other.
		o.Overlay = map[string][]byte{filepath.Join(o.Dir, "src", "skill.md"): []byte("# Fixed")}
	})
	v, err := rt.Call("OBJ", "a", "assets")
	if got := strings.Join(toStrings(v), "|"); err != nil || got != "# Fixed|/logo.svg|data:text/plain;charset=utf-8,." {
		t.Errorf("assets() = %q, %v", got, err)
	}

	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "secret.md")
	putFile(t, outside, "secret")
	os.Mkdir(filepath.Join(dir, ".git"), 0o755)
	putFile(t, filepath.Join(dir, "src", "index.ts"), `import s from "`+outside+`?raw";
export default { fetch() { return new Response(s); } };`)
	_, err = Load(Options{Main: "src/index.ts", Dir: dir, CompatibilityDate: "2025-09-01"})
	if err == nil || !strings.Contains(err.Error(), "outside the project") || strings.Contains(err.Error(), "secret\"") {
		t.Errorf("a ?raw import outside the project: %v", err)
	}
}

func putFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func toStrings(v any) []string {
	xs, _ := v.([]any)
	out := make([]string, len(xs))
	for i, x := range xs {
		if x == nil {
			out[i] = "undefined"
			continue
		}
		out[i], _ = x.(string)
	}
	return out
}

// SetAlarm schedules an object's alarm from outside, before its first
// event: getAlarm() sees it, alarm() runs at its time, and deleteAlarm()
// cancels it.
func TestSetAlarm(t *testing.T) {
	src := `
import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  async when() { return await this.ctx.storage.getAlarm(); }
  async cancel() { await this.ctx.storage.deleteAlarm(); }
  async alarm() { await this.ctx.storage.put("rang", true); }
  async rang() { return (await this.ctx.storage.get("rang")) ?? false; }
}
export default { fetch() { return new Response("x"); } };`
	clock := NewVirtualClock(time.UnixMilli(1_000_000))
	rt, _ := load(t, src, func(o *Options) { o.Clock = clock })
	at := time.UnixMilli(1_060_000)
	for _, name := range []string{"a", "b"} {
		if err := rt.SetAlarm("OBJ", name, at); err != nil {
			t.Fatal(err)
		}
	}
	if v, err := rt.Call("OBJ", "a", "when"); err != nil || v != int64(1_060_000) {
		t.Errorf("getAlarm() = %v (%T), %v", v, v, err)
	}
	if err := rt.SetAlarm("OBJ", "a", at); err == nil {
		t.Error("SetAlarm on a running object succeeded")
	}
	if _, err := rt.Call("OBJ", "b", "cancel"); err != nil {
		t.Fatal(err)
	}
	rt.Advance(time.Minute)
	deadline := time.Now().Add(2 * time.Second)
	for {
		v, _ := rt.Call("OBJ", "a", "rang")
		if v == true {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("alarm() did not run at the time SetAlarm set")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if v, _ := rt.Call("OBJ", "b", "rang"); v != false {
		t.Errorf("b's cancelled alarm ran: %v", v)
	}
}

// goja does not parse import(): esbuild turns it into a require in a
// promise, so a module loads and a dynamic import of a module the runtime
// lacks fails only when it runs, where code usually catches it.
func TestDynamicImport(t *testing.T) {
	src := `
import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  async load() {
    const lib = await import("./lib");
    let fs = "none";
    try { fs = typeof (await import("fs/promises")).readFile; } catch (e) { fs = e.message; }
    return [lib.helper(), fs];
  }
}
export default { fetch() { return new Response("x"); } };`
	rt, _ := load(t, src, func(o *Options) {
		putFile(t, filepath.Join(o.Dir, "src", "lib.ts"), `export const helper = () => "local";`)
	})
	v, err := rt.Call("OBJ", "a", "load")
	if got := strings.Join(toStrings(v), "|"); err != nil || !strings.HasPrefix(got, `local|No such module "`) {
		t.Errorf("load() = %q, %v", got, err)
	}
}
