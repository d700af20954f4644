package verify

import (
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/internal/fix"
)

func TestDeleteAll(t *testing.T) {
	src := `import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  async open(): Promise<void> {
    await this.ctx.storage.put("open", true);
    await this.ctx.storage.setAlarm(Date.now() + 60_000);
  }
  async close(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }
  async alarm() { await this.ctx.storage.put("swept", true); }
}
export default { fetch: () => new Response("ok") };
`
	f := fixture{config: sqliteConfig, src: src, rule: "deleteall", mark: "deleteAll("}
	fixed := strings.Replace(src, "    await this.ctx.storage.deleteAll();", "    await this.ctx.storage.deleteAlarm();\n    await this.ctx.storage.deleteAll();", 1)
	want(t, "deleteAlarm first", f.verdict(t, map[string]string{"src/index.ts": fixed}),
		fix.Verified, "after open() sets an alarm, close() leaves none and alarm() does not run; without the fix the alarm stayed set and alarm() ran")
	// A "fix" that leaves the alarm set is refused.
	want(t, "no fix", f.verdict(t, map[string]string{"src/index.ts": strings.Replace(src, "deleteAll()", "deleteAll(); await this.ctx.storage.get(\"x\")", 1)}),
		fix.RejectedByCheck, "still leaves it set")
	// A module that fails at load before and after the fix alike (a base
	// class from a package that is not there) says nothing about it; one
	// that fails only after the fix is refused.
	broken := strings.Replace(src, "export default", "class Plugin extends (globalThis as any).MissingBase {}\nexport default", 1)
	g := f
	g.src = broken
	want(t, "neither version loads", g.verdict(t, map[string]string{"src/index.ts": strings.Replace(fixed, "export default", "class Plugin extends (globalThis as any).MissingBase {}\nexport default", 1)}),
		fix.Unverifiable, "does not load before the fix either")
	want(t, "only the fixed version fails to load", f.verdict(t, map[string]string{"src/index.ts": strings.Replace(fixed, "export default", "class Plugin extends (globalThis as any).MissingBase {}\nexport default", 1)}),
		fix.RejectedByCheck, "the fixed project does not load (the original does)")
	// The alarm is set only on a route that needs a third-party answer:
	// the check sets it in storage itself, as a test would.
	viaRoute := strings.Replace(src, "await this.ctx.storage.setAlarm(Date.now() + 60_000);", "", 1)
	viaRoute = strings.Replace(viaRoute, "  async close()", `  async fetch(req: Request) {
    const r = await fetch("https://api.example.com/session", { method: "POST" });
    const { id } = await r.json();
    if (id) await this.ctx.storage.setAlarm(Date.now() + 60_000);
    return new Response(id);
  }
  async close()`, 1)
	f.src = viaRoute
	want(t, "alarm set only after an API answers", f.verdict(t, map[string]string{"src/index.ts": strings.Replace(viaRoute, "    await this.ctx.storage.deleteAll();", "    await this.ctx.storage.deleteAlarm();\n    await this.ctx.storage.deleteAll();", 1)}),
		fix.Verified, "after the check sets an alarm in storage (no method it can call sets one), close() leaves none")
	want(t, "alarm set only after an API answers, no fix", f.verdict(t, map[string]string{"src/index.ts": viaRoute}),
		fix.RejectedByCheck, "after the check sets an alarm in storage (no method it can call sets one), close() still leaves it set")
	noHandler := strings.Replace(viaRoute, "async alarm()", "async sweep()", 1)
	f.src = noHandler
	want(t, "nothing sets an alarm and there is no alarm()", f.verdict(t, map[string]string{"src/index.ts": noHandler}),
		fix.Unverifiable, "schedules an alarm")
}

// wsCloseFix is the body the wsclose fix gives a webSocketClose that only
// logs.
const wsCloseFix = "    console.log(code, reason);\n    if (code === 1005 || code === 1006) ws.close();\n    else ws.close(code, reason);\n"

func TestWSClose(t *testing.T) {
	src := `import { DurableObject } from "cloudflare:workers";
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
export default { fetch: () => new Response("ok") };
`
	f := fixture{config: sqliteConfig, src: src, rule: "wsclose", mark: "webSocketClose("}
	fixed := strings.Replace(src, "    console.log(code, reason);\n", wsCloseFix, 1)
	v := f.verdict(t, map[string]string{"src/index.ts": fixed})
	want(t, "echo", v, fix.Verified, `a client close (4000, "dolint") gets the same Close frame back, and one without a code gets close `)
	if !strings.Contains(v.Reason, "without the fix no Close frame came back") {
		t.Errorf("echo: the verdict does not say that the original sent no Close frame back: %v", v)
	}
	// Echoing every code throws for 1005, as workerd does, so that
	// client gets nothing back.
	naive := strings.Replace(src, "    console.log(code, reason);\n", "    console.log(code, reason);\n    ws.close(code, reason);\n", 1)
	want(t, "naive echo", f.verdict(t, map[string]string{"src/index.ts": naive}),
		fix.RejectedByCheck, "without a code")
	// A reply with another code is not the handshake's answer.
	other := strings.Replace(src, "    console.log(code, reason);\n", "    ws.close(1000, \"bye\");\n", 1)
	want(t, "other code", f.verdict(t, map[string]string{"src/index.ts": other}),
		fix.RejectedByCheck, `gets ["close 1000 \"bye\""] back`)
}
