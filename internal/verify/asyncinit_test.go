package verify

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/internal/fix"
	"github.com/dolint-dev/dolint/internal/rule"
)

// asyncInitVerdict writes src as the project, applies fixed and verifies
// an asyncinit fix whose finding names reader.
func asyncInitVerdict(t *testing.T, src, fixed, reader string) fix.Verdict {
	t.Helper()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "src"), 0o755)
	os.WriteFile(filepath.Join(dir, "wrangler.jsonc"), []byte(sqliteConfig), 0o644)
	file := filepath.Join(dir, "src", "index.ts")
	os.WriteFile(file, []byte(src), 0o644)
	line := 0
	for i, l := range strings.Split(src, "\n") {
		if strings.Contains(l, "setTimeout") || strings.Contains(l, "this.load()") {
			line = i + 1
			break
		}
	}
	msg := "wrap the initialization in blockConcurrencyWhile() so that " + reader + "() waits for it"
	vs := Run(Options{Config: filepath.Join(dir, "wrangler.jsonc"), Fixed: map[string][]byte{file: []byte(fixed)}},
		[]fix.Candidate{{Applied: fix.Applied{Rule: "asyncinit", Message: msg, File: file, Line: line}, Check: rule.VerifyAsyncInit}})
	return vs[0]
}

func TestAsyncInit(t *testing.T) {
	src := `import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  v = "unset";
  constructor(ctx: DurableObjectState, env: any) {
    super(ctx, env);
    new Promise((r) => setTimeout(r, 50)).then(() => { this.v = "ready"; });
  }
  async fetch() { return new Response(this.v); }
  async read(): Promise<string> { return this.v; }
}
export default { fetch() { return new Response("ok"); } };
`
	init := `new Promise((r) => setTimeout(r, 50)).then(() => { this.v = "ready"; });`
	wrapped := strings.Replace(src, init, "ctx.blockConcurrencyWhile(async () => {\n      await "+init+"\n    });", 1)
	want(t, "wrapped, fetch", asyncInitVerdict(t, src, wrapped, "fetch"),
		fix.Verified, `the first fetch() returns "200 ready", as later ones do, where before the fix the first one returns "200 unset"`)
	want(t, "wrapped, RPC", asyncInitVerdict(t, src, wrapped, "read"),
		fix.Verified, `the first read() returns "ready", as later ones do, where before the fix the first one returns "unset"`)
	// Not waited for: the first request still sees the unset field.
	dropped := strings.Replace(src, init, "void Promise.resolve().then(() => "+strings.TrimSuffix(init, ";")+");", 1)
	want(t, "not held", asyncInitVerdict(t, src, dropped, "fetch"),
		fix.RejectedByCheck, `the first fetch() returns "200 unset" and a later one returns "200 ready"`)
	// Held, but the value the handlers see changed.
	changed := strings.Replace(wrapped, `this.v = "ready"`, `this.v = "other"`, 1)
	want(t, "different value", asyncInitVerdict(t, src, changed, "fetch"),
		fix.RejectedByCheck, `once initialized, fetch() returns "200 other" after the fix and returns "200 ready" before it`)
	// The KV stand-in answers within the same turn, so the sandbox shows
	// no race, and there is nothing to verify.
	kv := strings.Replace(src, init, "this.load().catch(() => {});", 1)
	kv = strings.Replace(kv, "  async fetch()", "  async load() { this.v = await this.env.KV.get(\"v\"); }\n  async fetch()", 1)
	kvFixed := strings.Replace(kv, "this.load().catch(() => {});", "ctx.blockConcurrencyWhile(async () => {\n      await this.load().catch(() => {});\n    });", 1)
	want(t, "no race in the sandbox", asyncInitVerdict(t, kv, kvFixed, "fetch"),
		fix.Unverifiable, `the sandbox did not show the race before the fix: fetch() returns "200 " from the first request on`)
}
