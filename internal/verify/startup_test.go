package verify

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dolint-dev/dolint/internal/fix"
)

// heavyLoad is a Worker whose module graph does a fixed amount of pure
// computation at load, as one that builds its schemas at startup does;
// ROUNDS sets how much.
const heavyLoad = `import { DurableObject } from "cloudflare:workers";
function build(n: number) { let x = 0; for (let i = 0; i < n; i++) { x = (x * 31 + i) % 1000003; } return x; }
export const schema = build(ROUNDS);
export class Obj extends DurableObject {
  async fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }
  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    console.log(code, reason);
  }
}
export default { fetch: () => new Response(String(schema)) };
`

// startupOf is the median CPU the startup of src takes in the sandbox.
func startupOf(t *testing.T, src string) time.Duration {
	t.Helper()
	dir := t.TempDir()
	config := filepath.Join(dir, "wrangler.jsonc")
	os.MkdirAll(filepath.Join(dir, "src"), 0o755)
	os.WriteFile(config, []byte(sqliteConfig), 0o644)
	os.WriteFile(filepath.Join(dir, "src", "index.ts"), []byte(src), 0o644)
	var runs []time.Duration
	for range 3 {
		s, err := open(config, "", nil, epoch)
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, s.rt.StartupCPU())
		s.close()
	}
	sort.Slice(runs, func(i, j int) bool { return runs[i] < runs[j] })
	return runs[1]
}

// A fixed version that hits the CPU limit at startup is no evidence
// against the fix when the original's own startup came near the limit;
// it is when the original loads lightly. A fixed version that throws at
// load is refused either way.
func TestStartupNearTheLimit(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector slows the sandbox's JavaScript past the time limits this case measures its load against")
	}
	const rounds = "2e6"
	src := strings.Replace(heavyLoad, "ROUNDS", rounds, 1)
	defer func(d time.Duration) { startupCPU = d }(startupCPU)
	f := fixture{config: sqliteConfig, src: src, rule: "wsclose", mark: "webSocketClose("}
	heavier := strings.Replace(strings.Replace(src, "export const schema = build("+rounds+");", "export const schema = build(5 * "+rounds+");", 1), "    console.log(code, reason);\n", wsCloseFix, 1)
	// How fast the same load runs varies from run to run, which is the
	// point; on a busy machine enough to leave the window this case needs
	// (the original within the budget, and at half of it or more), so it
	// is measured again and tried up to three times. Without limitVerdict
	// every try is rejected.
	var v fix.Verdict
	var u time.Duration
	for try := 0; try < 3; try++ {
		u = startupOf(t, src)
		// The original uses about 70% of the budget; the fixed
		// version, which also does four times the work at load, goes
		// far past it.
		startupCPU = u * 10 / 7
		v = f.verdict(t, map[string]string{"src/index.ts": heavier})
		t.Logf("startup of the original: %v; %v", u, v)
		if v.Status == fix.Unverifiable && strings.Contains(v.Reason, "the original's startup alone used") {
			break
		}
	}
	want(t, "a heavier load past the limit, the original near it", v, fix.Unverifiable, "the original's startup alone used")

	// A throw at load is no limit: refused however heavy the original's
	// load (here about half the budget, with room to spare).
	startupCPU = 2 * u
	throws := strings.Replace(strings.Replace(src, "export class Obj", "(globalThis as any).undefinedFunction();\nexport class Obj", 1), "    console.log(code, reason);\n", wsCloseFix, 1)
	want(t, "a fixed version that throws at load, the original near the limit", f.verdict(t, map[string]string{"src/index.ts": throws}),
		fix.RejectedByCheck, "the fixed project does not load")

	light := strings.Replace(heavyLoad, "ROUNDS", "10", 1)
	g := fixture{config: sqliteConfig, src: light, rule: "wsclose", mark: "webSocketClose("}
	spins := strings.Replace(strings.Replace(light, "export class Obj", "while (true) {}\nexport class Obj", 1), "    console.log(code, reason);\n", wsCloseFix, 1)
	want(t, "a fixed version that spins at load, the original light", g.verdict(t, map[string]string{"src/index.ts": spins}),
		fix.RejectedByCheck, "exceeded CPU time limit")

	startupCPU = 5 * turnCPU
	want(t, "the same fix without the heavier load, with the real budget", f.verdict(t, map[string]string{"src/index.ts": strings.Replace(src, "    console.log(code, reason);\n", wsCloseFix, 1)}),
		fix.Verified, "gets the same Close frame back")
}
