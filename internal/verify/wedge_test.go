package verify

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dolint-dev/dolint/internal/fix"
	"github.com/dolint-dev/dolint/internal/rule"
)

// TestVerificationIsNeverWedged verifies a fix in a project whose object
// runs a SQLite statement that never ends, beyond the reach of the
// script's limits: the check must still come back with a verdict, and
// closing the runtime afterwards must not wait for the statement.
func TestVerificationIsNeverWedged(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "src"), 0o755)
	src := `import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  constructor(ctx: DurableObjectState, env: any) {
    super(ctx);
    ctx.storage.sql.exec("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) AS n FROM c WHERE x < 0").one();
  }
}
export default { fetch() { return new Response("ok"); } };
`
	config := filepath.Join(dir, "wrangler.jsonc")
	os.WriteFile(config, []byte(sqliteConfig), 0o644)
	file := filepath.Join(dir, "src", "index.ts")
	os.WriteFile(file, []byte(src), 0o644)
	fixed := strings.Replace(src, "super(ctx)", "super(ctx, env)", 1)
	start := time.Now()
	done := make(chan fix.Verdict, 1)
	go func() {
		done <- Run(Options{Config: config, Fixed: map[string][]byte{file: []byte(fixed)}},
			[]fix.Candidate{{Applied: fix.Applied{Rule: "supercall", File: file, Line: 4}, Check: rule.VerifySuperCall}})[0]
	}()
	select {
	case v := <-done:
		t.Logf("%v after %v", v, time.Since(start).Round(time.Millisecond))
		if v.Status == fix.Verified {
			t.Fatalf("verified an object that never constructs: %v", v)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("no verdict after 60 s")
	}
}

// An object whose fetch never answers holds up the WebSocket route search
// once, not once for each path the module names.
func TestRouteSearchStopsAtAHungObject(t *testing.T) {
	var routes strings.Builder
	for i := range 30 {
		fmt.Fprintf(&routes, "    if (p === \"/route%d\") {}\n", i)
	}
	src := `import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  async fetch(req: Request) {
    const p = new URL(req.url).pathname;
` + routes.String() + `    return new Promise<Response>(() => {});
  }
  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    console.log(code, reason);
  }
}
export default { fetch: () => new Response("ok") };
`
	f := fixture{config: sqliteConfig, src: src, rule: "wsclose", mark: "webSocketClose("}
	start := time.Now()
	v := f.verdict(t, map[string]string{"src/index.ts": strings.Replace(src, "    console.log(code, reason);\n", wsCloseFix, 1)})
	t.Logf("%v after %v", v, time.Since(start).Round(time.Millisecond))
	if v.Status != fix.Unverifiable {
		t.Errorf("an object that never answers: %v", v)
	}
	if d := time.Since(start); d > 45*time.Second {
		t.Errorf("the verdict took %v", d)
	}
}
