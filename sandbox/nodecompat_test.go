package sandbox

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Under nodejs_compat a Worker imports Node.js built-in modules with or
// without the node: prefix; AsyncLocalStorage keeps its store across
// awaits and sees none outside run(); without the flag the import fails
// at load and says which flag is missing.
func TestNodeCompat(t *testing.T) {
	src := `
import { DurableObject } from "cloudflare:workers";
import { AsyncLocalStorage } from "node:async_hooks";
import { channel } from "node:diagnostics_channel";
import { EOL } from "node:os";
import path from "path";
import { extname } from "path";
import { EmailMessage } from "cloudflare:email";

const als = new AsyncLocalStorage();
const events = channel("app:events");
const seen = [];
events.subscribe((m, name) => seen.push(name + "=" + m));

async function deep() {
  await null;
  await new Promise((r) => setTimeout(r, 1));
  return als.getStore();
}

export class Obj extends DurableObject {
  async timers() {
    const got = await als.run("t", () => new Promise((resolve) => {
      setTimeout((x) => resolve([als.getStore(), x].join(":")), 1, "arg");
    }));
    return got + " " + (als.getStore() ?? "none");
  }
  async context() {
    const outer = als.getStore();
    const [a, b] = await Promise.all([
      als.run("a", async () => { await deep(); return [als.getStore(), await deep()]; }),
      als.run("b", async () => { await null; return als.run("b2", () => als.getStore()) + "/" + als.getStore(); }),
    ]);
    return JSON.stringify({ outer: outer ?? null, a, b, after: als.getStore() ?? null });
  }
  paths() {
    return [path.join("/a/b", "../c", "d.txt"), path.dirname("/a/b/c"), path.basename("/x/y.js", ".js"),
      extname("f.tar.gz"), path.resolve("/r", "s", "..", "t"), path.relative("/a/b", "/a/c/d"), path.normalize("a//b/./c/..")].join(" ");
  }
  misc() {
    events.publish("hi");
    const m = new EmailMessage("a@example.com", "b@example.com", "raw");
    return [JSON.stringify(EOL), seen.join(","), events.hasSubscribers, m.from + ">" + m.to].join(" ");
  }
}
export default { fetch() { return new Response("ok"); } };`
	rt, _ := load(t, src, func(o *Options) { o.CompatibilityFlags = []string{"nodejs_compat"} })
	v, err := rt.Call("OBJ", "a", "context")
	if want := `{"outer":null,"a":["a","a"],"b":"b2/b","after":null}`; err != nil || v != want {
		t.Errorf("context() = %v, %v; want %s", v, err, want)
	}
	if v, err := rt.Call("OBJ", "a", "timers"); err != nil || v != "t:arg none" {
		t.Errorf("timers() = %v, %v; want the store of run() in the timer's callback", v, err)
	}
	v, err = rt.Call("OBJ", "a", "paths")
	if want := "/a/c/d.txt /a/b y .gz /r/t ../c/d a/b"; err != nil || v != want {
		t.Errorf("paths() = %v, %v; want %s", v, err, want)
	}
	v, err = rt.Call("OBJ", "a", "misc")
	if want := `"\n" app:events=hi true a@example.com>b@example.com`; err != nil || v != want {
		t.Errorf("misc() = %v, %v; want %s", v, err, want)
	}

	for _, flags := range [][]string{nil, {"nodejs_als"}} {
		_, err := tryLoad(t, `import path from "path"; export default { fetch() { return new Response(path.sep); } };`, flags)
		if err == nil || !strings.Contains(err.Error(), `No such module "node:path"`) || !strings.Contains(err.Error(), `"nodejs_compat" compatibility flag`) {
			t.Errorf("flags %v: importing path: %v; want the missing module and the flag that provides it", flags, err)
		}
	}
	// nodejs_als provides AsyncLocalStorage alone.
	if _, err := tryLoad(t, `import { AsyncLocalStorage } from "node:async_hooks"; new AsyncLocalStorage(); export default { fetch() { return new Response(""); } };`, []string{"nodejs_als"}); err != nil {
		t.Errorf("nodejs_als: importing node:async_hooks: %v", err)
	}
}

func tryLoad(t *testing.T, src string, flags []string) (*Runtime, error) {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "src"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "src", "index.ts"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	rt, err := Load(Options{Main: "src/index.ts", Dir: dir, CompatibilityDate: "2025-09-01", CompatibilityFlags: flags, Limits: Limits{CPU: 2 * time.Second}})
	if err == nil {
		t.Cleanup(func() { rt.Close() })
	}
	return rt, err
}
