package main

import (
	"strings"
	"testing"
)

// Two SQL fixes in a project whose dependencies are not installed, and
// whose object needs what one of them answers on the way to each query
// (a stand-in answers nothing that parses): the reason is
// given once for the project, with the lockfile's install command, and
// --explain-verdicts gives each fix's in full.
func TestFixDependenciesNotInstalled(t *testing.T) {
	src := `import { DurableObject } from "cloudflare:workers";
import { track } from "analytics-sdk";

export class Notes extends DurableObject {
  sql = this.ctx.storage.sql;
  constructor(ctx: DurableObjectState, env: any) {
    super(ctx, env);
    this.sql.exec("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT, tag TEXT)");
  }
  byBody(body: string) {
    JSON.parse(track("byBody"));
    return this.sql.exec(` + "`SELECT id FROM notes WHERE body = '${body}'`" + `).toArray();
  }
  byTag(tag: string) {
    JSON.parse(track("byTag"));
    return this.sql.exec(` + "`SELECT id FROM notes WHERE tag = '${tag}'`" + `).toArray();
  }
}

export default { fetch: () => new Response("ok") };
`
	cfg := `{
  "name": "notes", "main": "src/index.ts", "compatibility_date": "2025-09-01",
  "durable_objects": { "bindings": [{ "name": "NOTES", "class_name": "Notes" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Notes"] }]
}`
	dir := t.TempDir()
	writeTree(t, dir, "wrangler.jsonc", cfg, "src/index.ts", src, "package.json", `{"dependencies": {"analytics-sdk": "1.0.0"}}`, "package-lock.json", "{}")
	_, stdout, stderr := dolint(t, dir, "fix", "--unsafe", "--diff", "--rule", "sqlinjection")
	if n := strings.Count(stdout, "[unverifiable: dependencies not installed]"); n != 2 {
		t.Errorf("%d fixes point at the dependencies:\n%s%s", n, stdout, stderr)
	}
	if n := strings.Count(stdout, "fixes could not be verified: dependencies are not installed (no node_modules); run `npm ci` in ., then dolint fix again"); n != 1 {
		t.Errorf("the install hint is given %d times:\n%s%s", n, stdout, stderr)
	}
	_, stdout, stderr = dolint(t, dir, "fix", "--unsafe", "--diff", "--rule", "sqlinjection", "--explain-verdicts")
	if n := strings.Count(stdout, "[SQL with hostile input: "); n != 2 || strings.Contains(stdout, "fixes could not be verified") {
		t.Errorf("--explain-verdicts:\n%s%s", stdout, stderr)
	}
}
