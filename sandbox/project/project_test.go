package project

import (
	"errors"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/sandbox"
)

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const worker = `
import { DurableObject } from "cloudflare:workers";
export class A extends DurableObject {
  async fetch() {
    let sql = "yes";
    try { this.ctx.storage.sql.exec("SELECT 1"); } catch (e) { sql = "no"; }
    return new Response("A sql=" + sql + " mode=" + this.env.MODE);
  }
}
export class B extends DurableObject {}
export default { fetch() { return new Response("worker"); } };
`

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"src/index.ts": worker,
		"wrangler.jsonc": `{
  "name": "w", "main": "src/index.ts", "compatibility_date": "2025-09-01",
  "durable_objects": { "bindings": [
    { "name": "AS", "class_name": "A" },
    { "name": "BS", "class_name": "B" },
    { "name": "FAR", "class_name": "C", "script_name": "other" },
  ] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["A"] }],
  "vars": { "MODE": "top" },
  "env": { "staging": {
    "durable_objects": { "bindings": [{ "name": "AS", "class_name": "A" }] },
    "vars": { "MODE": "staging" },
  } },
}`,
	})
	cfg, err := Find(dir)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Open(cfg, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Bindings) != 2 || !p.Bindings[0].Created || p.Bindings[0].Backend != sandbox.BackendSQLite || p.Bindings[1].Created || p.Bindings[1].Backend != sandbox.BackendKV {
		t.Errorf("bindings %+v", p.Bindings)
	}
	if len(p.Remote) != 1 || p.Remote[0] != "FAR" {
		t.Errorf("remote %v", p.Remote)
	}
	if len(p.Problems) != 1 || p.Problems[0].Code != "10061" || !strings.Contains(p.Problems[0].String(), "wrangler.jsonc:5:") ||
		!strings.Contains(p.Problems[0].Message, "class 'B'") {
		t.Errorf("problems %v", p.Problems)
	}
	body := func(p *Project) string {
		t.Helper()
		rt, err := p.Load(nil)
		if err != nil {
			t.Fatal(err)
		}
		defer rt.Close()
		res, err := rt.FetchObject("AS", "x", httptest.NewRequest("GET", "http://x/", nil))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		return string(b)
	}
	if got := body(p); got != "A sql=yes mode=top" {
		t.Errorf("top level: %q", got)
	}

	st, err := Open(cfg, "staging", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Bindings) != 1 || len(st.Problems) != 0 {
		t.Errorf("staging: bindings %+v problems %v", st.Bindings, st.Problems)
	}
	if got := body(st); got != "A sql=yes mode=staging" {
		t.Errorf("staging: %q", got)
	}

	// The overlay turns A KV-backed and changes the code, on disk nothing.
	abs, _ := filepath.Abs(cfg)
	orig, _ := os.ReadFile(abs)
	src, _ := os.ReadFile(filepath.Join(dir, "src/index.ts"))
	ov := map[string][]byte{
		abs:                                []byte(strings.Replace(string(orig), "new_sqlite_classes", "new_classes", 1)),
		filepath.Join(dir, "src/index.ts"): []byte(strings.Replace(string(src), `"A sql="`, `"A! sql="`, 1)),
	}
	po, err := Open(cfg, "", ov)
	if err != nil {
		t.Fatal(err)
	}
	if got := body(po); got != "A! sql=no mode=top" {
		t.Errorf("overlay: %q", got)
	}
	if now, _ := os.ReadFile(abs); string(now) != string(orig) {
		t.Error("the config on disk changed")
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"bad/wrangler.jsonc":    "{\n  \"main\": \"src/index.ts\",\n  \"durable_objects\": [\n",
		"nomain/wrangler.jsonc": `{ "name": "x" }`,
		"replay/wrangler.toml": `name = "x"
main = "src/index.ts"
[[durable_objects.bindings]]
name = "AS"
class_name = "A"
[[migrations]]
tag = "v1"
new_sqlite_classes = ["A"]
[[migrations]]
tag = "v2"
new_sqlite_classes = ["A"]
`,
		"replay/src/index.ts": worker,
	})
	if _, err := Open(filepath.Join(dir, "bad/wrangler.jsonc"), "", nil); err == nil || !strings.Contains(err.Error(), "wrangler.jsonc:") {
		t.Errorf("syntax error: %v", err)
	}
	if _, err := Open(filepath.Join(dir, "nomain/wrangler.jsonc"), "", nil); err == nil || !strings.Contains(err.Error(), `no "main"`) {
		t.Errorf("no main: %v", err)
	}
	if _, err := Open(filepath.Join(dir, "nomain/wrangler.jsonc"), "prod", nil); err == nil || !strings.Contains(err.Error(), `no environment "prod"`) {
		t.Errorf("no env: %v", err)
	}
	p, err := Open(filepath.Join(dir, "replay/wrangler.toml"), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Problems) != 1 || p.Problems[0].Code != "migrations" || p.Problems[0].Pos.Line != 11 ||
		p.Problems[0].Message != "Cannot apply new_sqlite_classes migration to existing class A" {
		t.Errorf("replay problems %v", p.Problems)
	}
	if _, err := Find(filepath.Join(dir, "replay/src")); err == nil {
		t.Error("Find in a directory without config succeeded")
	}
}

// ServeError refuses what wrangler dev cannot serve, and nothing else: a
// class without a migration runs KV-backed locally.
func TestServeError(t *testing.T) {
	for _, tc := range []struct {
		name, config, want string
	}{
		{"servable", `{ "name": "w", "main": "src/index.ts",
  "durable_objects": { "bindings": [{ "name": "AS", "class_name": "A" }, { "name": "BS", "class_name": "B" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["A"] }] }`, ""},
		{"remote", `{ "name": "w", "main": "src/index.ts",
  "durable_objects": { "bindings": [
    { "name": "FAR", "class_name": "C", "script_name": "other" }] } }`,
			`wrangler.jsonc:3:5: binding FAR names script "other"; only this Worker's own classes can run locally`},
		{"migrations", `{ "name": "w", "main": "src/index.ts",
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["A"] },
    { "tag": "v2", "deleted_classes": ["Z"] }] }`,
			`wrangler.jsonc:3:40: Cannot apply deleted_classes migration to non-existent class Z`},
		{"config", `{ "name": "w", "main": "src/index.ts", "migrations": 3 }`, "wrangler.jsonc:1:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, map[string]string{"src/index.ts": worker, "wrangler.jsonc": tc.config})
			p, err := Open(filepath.Join(dir, "wrangler.jsonc"), "", nil)
			if err != nil {
				t.Fatal(err)
			}
			err = p.ServeError()
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("ServeError: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("ServeError: %v, want %q", err, tc.want)
			}
		})
	}
}

func TestFindNamesTheFiles(t *testing.T) {
	dir := t.TempDir()
	_, err := Find(dir)
	if !errors.Is(err, ErrNoConfig) || !strings.Contains(err.Error(), "wrangler.jsonc") {
		t.Errorf("Find in an empty directory: %v", err)
	}
}
