package verify

import (
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/internal/fix"
)

// A Worker whose module awaits at top level, reads Vite's import.meta.env
// and imports a Markdown file with ?raw loads in the check, so a fix to it
// is judged like any other: the right fix verified, a wrong one rejected.
func TestViteWorkerLoads(t *testing.T) {
	src := `import { DurableObject } from "cloudflare:workers";
import prompt from "./prompt.md?raw";
const table = await Promise.resolve(["a", "b"]);
const mode: string = import.meta.env.MODE;
export class Obj extends DurableObject {
  constructor(ctx: DurableObjectState, env: any) {
    super(ctx);
  }
  describe() { return [mode, prompt.trim(), table.length, this.env ? this.env.GREETING : "?"].join(" "); }
}
export default { fetch() { return new Response(prompt); } };
`
	f := fixture{config: sqliteConfig, src: src, rule: "supercall", mark: "super(ctx)",
		extra: map[string]string{"src/prompt.md": "# Be brief\n"}}
	v := f.verdict(t, map[string]string{"src/index.ts": strings.Replace(src, "super(ctx)", "super(ctx, env)", 1)})
	want(t, "super(ctx, env)", v, fix.Verified, "this.env is the runtime's env")
	want(t, "super(ctx, ctx)", f.verdict(t, map[string]string{"src/index.ts": strings.Replace(src, "super(ctx)", "super(ctx, ctx as any)", 1)}),
		fix.RejectedByCheck, "this.env is not the env")
}

// An alarm that talks to a database over cloudflare:sockets runs against
// the stub, so a fix to when it runs is judged rather than stopped by the
// missing network.
func TestSocketAlarmRuns(t *testing.T) {
	src := `import { DurableObject } from "cloudflare:workers";
import { connect } from "cloudflare:sockets";
export class Obj extends DurableObject {
  async schedule(): Promise<void> {
    await this.ctx.storage.setAlarm(90 * 60 * 1000);
  }
  async alarm() {
    const sock = connect("db.internal:5432");
    await sock.opened;
    await sock.writable.getWriter().write("VACUUM");
    await sock.close();
  }
}
export default { fetch() { return new Response("ok"); } };
`
	f := fixture{config: sqliteConfig, src: src, rule: "alarmtime", mark: "setAlarm("}
	fixed := strings.Replace(src, "setAlarm(", "setAlarm(Date.now() + ", 1)
	want(t, "Date.now() + delay", f.verdict(t, map[string]string{"src/index.ts": fixed}),
		fix.Verified, "a connection to db.internal:5432 (cloudflare:sockets) answered by the stub")
	// A fix that also breaks the conversation is caught only because the
	// original's alarm gets through.
	broken := strings.Replace(fixed, "    await sock.close();\n", "    await sock.close();\n    await sock.writable.getWriter().write(\"QUIT\");\n", 1)
	want(t, "Date.now() + delay, writing after close", f.verdict(t, map[string]string{"src/index.ts": broken}),
		fix.RejectedByCheck, "alarm() throws TypeError: This WritableStream has been closed. after the fix; the original's alarm, at its own time, ran without error")
}
