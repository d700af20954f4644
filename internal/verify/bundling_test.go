package verify

import (
	"strings"
	"testing"
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
	want(t, "super(ctx, env)", v, Verified, "this.env is the runtime's env")
	want(t, "super(ctx, ctx)", f.verdict(t, map[string]string{"src/index.ts": strings.Replace(src, "super(ctx)", "super(ctx, ctx as any)", 1)}),
		Rejected, "this.env is not the env")
}
