package verify

import (
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/internal/fix"
)

// A project whose dependencies are not installed. A package the Worker
// imports but the object's code does not use is stood in, and the fix is
// verified (a wrong one still rejected); one the object's method needs
// leaves the fix unverifiable, with the lockfile's install command.
func TestMissingDependencies(t *testing.T) {
	withAnalytics := strings.Replace(todoSrc, `import { DurableObject } from "cloudflare:workers";`,
		`import { DurableObject } from "cloudflare:workers";
import { PostHog } from "posthog-node";
import * as z from 'zod';`, 1)
	withAnalytics = strings.Replace(withAnalytics, `export default { fetch() { return new Response("ok"); } };`,
		`export default { fetch(req: Request, env: any) { new PostHog(env.KEY).capture({ event: "hit", schema: z }); return new Response("ok"); } };`, 1)
	injected := "`SELECT title FROM todos WHERE title = '${term}'`"
	bound := strings.Replace(withAnalytics, injected, `"SELECT title FROM todos WHERE title = ?", term`, 1)
	firstQuote := strings.Replace(withAnalytics, "'${term}'", `'${term.replace("'", "''")}'`, 1)
	lock := map[string]string{"pnpm-lock.yaml": "lockfileVersion: '9.0'\n", "package.json": `{"dependencies": {"posthog-node": "^4.0.0", "zod": "^3.0.0"}}`}

	f := fixture{config: sqliteConfig, src: withAnalytics, rule: "sqlinjection", mark: "SELECT title FROM todos WHERE", extra: lock}
	want(t, "off the object's path", f.verdict(t, map[string]string{"src/index.ts": bound}),
		fix.Verified, "packages not installed (posthog-node, zod) were stood in by modules whose exports do nothing")
	want(t, "off the object's path, wrong fix", f.verdict(t, map[string]string{"src/index.ts": firstQuote}),
		fix.RejectedByCheck, "still reaches the SQL text")

	// The lookup itself reports to the package: both versions throw
	// before the query, which says nothing about the fix.
	onPath := strings.Replace(withAnalytics, "  search(term: string) {\n", "  search(term: string) {\n    new PostHog(\"k\").capture({ event: \"search\" });\n", 1)
	f.src = onPath
	v := f.verdict(t, map[string]string{"src/index.ts": strings.Replace(onPath, injected, `"SELECT title FROM todos WHERE title = ?", term`, 1)})
	want(t, "on the object's path", v, fix.Unverifiable, "dependencies are not installed (no node_modules); run `pnpm install`")
	if v.Check != DependenciesCheck {
		t.Errorf("check %q, want %q", v.Check, DependenciesCheck)
	}
}

// A class built on a Durable Object framework that is not installed: the
// stand-in base keeps ctx and env, so the class constructs and a config
// fix is judged on its bindings.
func TestMissingFrameworkBase(t *testing.T) {
	config := `{
  "name": "t", "main": "src/index.ts", "compatibility_date": "2025-09-01",
  "durable_objects": { "bindings": [{ "name": "ROOMS", "class_name": "Room" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Room"] }],
  "env": { "production": { "vars": { "A": "b" } } },
}`
	src := `import { Server } from "party-framework";
export class Room extends Server {
  seen: string;
  constructor(ctx: DurableObjectState, env: any) {
    super(ctx, env);
    this.seen = typeof this.ctx.storage.get;
  }
}
export default { fetch() { return new Response("ok"); } };
`
	fixed := strings.Replace(config, `"production": { "vars": { "A": "b" } }`, `"production": { "vars": { "A": "b" }, "durable_objects": { "bindings": [{ "name": "ROOMS", "class_name": "Room" }] } }`, 1)
	f := fixture{config: config, src: src, rule: "envbindings", mark: `"production"`, file: "wrangler.jsonc",
		extra: map[string]string{"package.json": `{"dependencies": {"party-framework": "1.0.0"}}`}}
	want(t, "binding copied", f.verdict(t, map[string]string{"wrangler.jsonc": fixed}), fix.Verified, "binding ROOMS reaches a Room object")
	wrong := strings.Replace(fixed, `"class_name": "Room" }] } }`, `"class_name": "Rooms" }] } }`, 1)
	want(t, "binding to a class that does not exist", f.verdict(t, map[string]string{"wrangler.jsonc": wrong}), fix.RejectedByCheck, "Rooms")
}
