package verify

import (
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/internal/fix"
)

// An alarm handler that reports to an outside service: the network stub
// answers, so the alarm fix is judged on its time, and the verdict names
// the request. A wrong delay is still rejected.
func TestAlarmTimeOutboundFetch(t *testing.T) {
	src := `import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  async schedule(label: string): Promise<void> {
    await this.ctx.storage.put("label", label);
    await this.ctx.storage.setAlarm(10 * 60 * 1000);
  }
  async alarm() {
    const label = await this.ctx.storage.get("label");
    await fetch("https://hooks.example.net/report", { method: "POST", body: JSON.stringify({ label }) });
  }
}
export default { fetch() { return new Response("ok"); } };
`
	f := fixture{config: sqliteConfig, src: src, rule: "alarmtime", mark: "setAlarm("}
	want(t, "Date.now() + delay", f.verdict(t, map[string]string{"src/index.ts": strings.Replace(src, "setAlarm(", "setAlarm(Date.now() + ", 1)}),
		fix.Verified, "outbound POST https://hooks.example.net/report")
	want(t, "delay in seconds", f.verdict(t, map[string]string{"src/index.ts": strings.Replace(src, "setAlarm(10 * 60 * 1000", "setAlarm(Date.now() + 10 * 60", 1)}),
		fix.RejectedByCheck, "the original's delay of 10m0s")

	// The handler parses the (empty) answer and throws, before and after
	// the fix alike: the time is still what the check judges.
	parses := strings.Replace(src, `await fetch("https://hooks.example.net/report", { method: "POST", body: JSON.stringify({ label }) });`,
		`const cfg = await (await fetch("https://hooks.example.net/config")).json();`, 1)
	f.src = parses
	want(t, "handler fails both ways", f.verdict(t, map[string]string{"src/index.ts": strings.Replace(parses, "setAlarm(", "setAlarm(Date.now() + ", 1)}),
		fix.Verified, "as the original's does")
	want(t, "handler fails both ways, wrong delay", f.verdict(t, map[string]string{"src/index.ts": strings.Replace(parses, "setAlarm(10 * 60 * 1000", "setAlarm(Date.now() + 10 * 60", 1)}),
		fix.RejectedByCheck, "the original's delay of 10m0s")
	// A fix that makes the handler throw where the original did not is
	// worse on what the alarm does.
	breaks := strings.Replace(src, "setAlarm(", "setAlarm(Date.now() + ", 1)
	breaks = strings.Replace(breaks, "const label = ", "const label: any = JSON.parse(\"{\") ?? ", 1)
	f.src = src
	want(t, "handler broken by the fix", f.verdict(t, map[string]string{"src/index.ts": breaks}),
		fix.RejectedByCheck, "the original's alarm, at its own time, ran without error")
}

// itemsSrc queries a table it does not create.
const itemsSrc = `import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  sql = this.ctx.storage.sql;
  add(name: string): void {
    this.sql.exec("INSERT INTO items (name, qty) VALUES (?, ?)", name, 1);
  }
  find(name: string) {
    return this.sql.exec(` + "`SELECT name, qty FROM items WHERE name = '${name}'`" + `).toArray();
  }
  count(): number {
    return this.sql.exec("SELECT count(*) AS n FROM items").one().n as number;
  }
  addAll(names: string[]): void {
    this.sql.exec("BEGIN TRANSACTION");
    for (const name of names) {
      this.sql.exec("INSERT INTO items (name, qty) VALUES (?, ?)", name, 1);
    }
    this.sql.exec("COMMIT");
  }
}
export default { fetch() { return new Response("ok"); } };
`

func itemsFixes(t *testing.T, f fixture) {
	t.Helper()
	injected := "`SELECT name, qty FROM items WHERE name = '${name}'`"
	f.rule, f.mark = "sqlinjection", "SELECT name, qty FROM items WHERE"
	want(t, "bound parameter", f.verdict(t, map[string]string{"src/index.ts": strings.Replace(itemsSrc, injected, `"SELECT name, qty FROM items WHERE name = ?", name`, 1)}),
		fix.Verified, "hostile strings are data")
	want(t, "first quote escaped", f.verdict(t, map[string]string{"src/index.ts": strings.Replace(itemsSrc, "'${name}'", `'${name.replace("'", "''")}'`, 1)}),
		fix.RejectedByCheck, "still reaches the SQL text")

	f.rule, f.mark = "sqltransaction", "BEGIN TRANSACTION"
	good := strings.Replace(itemsSrc, `this.sql.exec("BEGIN TRANSACTION");`, "this.ctx.storage.transactionSync(() => {", 1)
	good = strings.Replace(good, `this.sql.exec("COMMIT");`, "});", 1)
	want(t, "transactionSync", f.verdict(t, map[string]string{"src/index.ts": good}),
		fix.Verified, "succeeds")
	want(t, "still a SQL statement", f.verdict(t, map[string]string{"src/index.ts": strings.Replace(itemsSrc, "BEGIN TRANSACTION", "SAVEPOINT s", 1)}),
		fix.RejectedByCheck, "as before it")
}

// Tables created by the Worker's other module, by a .sql migration, or by
// nobody the check can see (then inferred from the statements): the
// checks run against that schema, not an empty database.
func TestSQLSchemaFromProject(t *testing.T) {
	t.Run("module", func(t *testing.T) {
		itemsFixes(t, fixture{config: sqliteConfig, src: itemsSrc, extra: map[string]string{
			"src/schema.ts": "export const SCHEMA = `\n  CREATE TABLE IF NOT EXISTS items (\n    name TEXT NOT NULL,\n    qty INTEGER NOT NULL DEFAULT 0\n  );\n  CREATE INDEX IF NOT EXISTS items_name ON items (name);\n`;\n",
		}})
	})
	t.Run("sql file", func(t *testing.T) {
		itemsFixes(t, fixture{config: sqliteConfig, src: itemsSrc, extra: map[string]string{
			"migrations/0001_init.sql": "-- items\nCREATE TABLE items (name TEXT PRIMARY KEY, qty INTEGER);\n",
		}})
	})
	t.Run("inferred", func(t *testing.T) {
		itemsFixes(t, fixture{config: sqliteConfig, src: itemsSrc})
	})
}

// A class no config binds, in a library module the Worker does not
// export: the check binds it itself.
func TestUnboundLibraryClass(t *testing.T) {
	lib := strings.Replace(itemsSrc, "class Obj", "class Inventory", 1)
	lib = strings.Replace(lib, "export default { fetch() { return new Response(\"ok\"); } };\n", "", 1)
	lib = strings.Replace(lib, "  sql = this.ctx.storage.sql;\n", "  sql = this.ctx.storage.sql;\n  constructor(ctx: DurableObjectState, env: any) {\n    super(ctx, env);\n    this.sql.exec(\"CREATE TABLE IF NOT EXISTS items (name TEXT, qty INTEGER)\");\n  }\n", 1)
	main := `import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {}
export default { fetch() { return new Response("ok"); } };
`
	f := fixture{config: sqliteConfig, src: main, extra: map[string]string{"src/lib/store.ts": lib},
		file: "src/lib/store.ts", rule: "sqlinjection", mark: "SELECT name, qty FROM items WHERE"}
	injected := "`SELECT name, qty FROM items WHERE name = '${name}'`"
	v := f.verdict(t, map[string]string{"src/lib/store.ts": strings.Replace(lib, injected, `"SELECT name, qty FROM items WHERE name = ?", name`, 1)})
	want(t, "bound parameter", v, fix.Verified, "hostile strings are data")
	want(t, "bound parameter", v, fix.Verified, "no config binds Inventory")
	want(t, "first quote escaped", f.verdict(t, map[string]string{"src/lib/store.ts": strings.Replace(lib, "'${name}'", `'${name.replace("'", "''")}'`, 1)}),
		fix.RejectedByCheck, "still reaches the SQL text")
}

// A config without "main": the fix's module stands in as the entry point.
func TestConfigWithoutMain(t *testing.T) {
	cfg := strings.Replace(sqliteConfig, `"main": "src/index.ts", `, "", 1)
	f := fixture{config: cfg, src: todoSrc, rule: "sqlinjection", mark: "SELECT title FROM todos WHERE"}
	bound := strings.Replace(todoSrc, "`SELECT title FROM todos WHERE title = '${term}'`", `"SELECT title FROM todos WHERE title = ?", term`, 1)
	want(t, "bound parameter", f.verdict(t, map[string]string{"src/index.ts": bound}),
		fix.Verified, `the config has no "main"; the check loaded src/index.ts as the entry point`)
	firstQuote := strings.Replace(todoSrc, "'${term}'", `'${term.replace("'", "''")}'`, 1)
	want(t, "first quote escaped", f.verdict(t, map[string]string{"src/index.ts": firstQuote}),
		fix.RejectedByCheck, "still reaches the SQL text")
}

// An environment that lacks the top-level binding: copying it in is
// verified when the class constructs. When the constructor throws before
// and after alike (here, on a base class from a package that is not
// there), the fix is unverifiable, not rejected.
func TestEnvBindingsConstructorThrows(t *testing.T) {
	config := `{
  "name": "t", "main": "src/index.ts", "compatibility_date": "2025-09-01",
  "durable_objects": { "bindings": [{ "name": "OBJ", "class_name": "Obj" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Obj"] }],
  "env": { "staging": { "vars": { "A": "b" } } },
}`
	fixed := strings.Replace(config, `"staging": { "vars": { "A": "b" } }`, `"staging": { "vars": { "A": "b" }, "durable_objects": { "bindings": [{ "name": "OBJ", "class_name": "Obj" }] } }`, 1)
	ok := `import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {}
export default { fetch() { return new Response("ok"); } };
`
	f := fixture{config: config, src: ok, rule: "envbindings", mark: `"staging"`, file: "wrangler.jsonc"}
	want(t, "constructs", f.verdict(t, map[string]string{"wrangler.jsonc": fixed}), fix.Verified, "")
	throws := strings.Replace(ok, "export class Obj extends DurableObject {}", `export class Obj extends DurableObject {
  constructor(ctx: DurableObjectState, env: any) { super(ctx, env); (globalThis as any).missing.init(); }
}`, 1)
	f.src = throws
	want(t, "constructor throws both ways", f.verdict(t, map[string]string{"wrangler.jsonc": fixed}),
		fix.Unverifiable, "the Obj constructor throws")
	// A wrong fix (a binding to a class that does not exist) is still
	// rejected.
	wrong := strings.Replace(fixed, `"durable_objects": { "bindings": [{ "name": "OBJ", "class_name": "Obj" }] } }`, `"durable_objects": { "bindings": [{ "name": "OBJ", "class_name": "Nope" }] } }`, 1)
	f.src = ok
	want(t, "binding to a missing class", f.verdict(t, map[string]string{"wrangler.jsonc": wrong}), fix.RejectedByCheck, "")
}

// An object that accepts a WebSocket only on its route (/:room/socket):
// the check finds the route among the module's strings.
func TestWSCloseOnRoute(t *testing.T) {
	src := `import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  async fetch(req: Request) {
    const [, room, action] = new URL(req.url).pathname.split("/");
    if (!room || action !== "socket" || req.headers.get("Upgrade") !== "websocket") return new Response("no", { status: 400 });
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
	fixed := strings.Replace(src, "    console.log(code, reason);\n", "    console.log(code, reason);\n    if (code === 1005 || code === 1006) ws.close();\n    else ws.close(code, reason);\n", 1)
	want(t, "echo", f.verdict(t, map[string]string{"src/index.ts": fixed}), fix.Verified, "gets the same Close frame back")
	other := strings.Replace(src, "    console.log(code, reason);\n", "    ws.close(1000, \"bye\");\n", 1)
	want(t, "other code", f.verdict(t, map[string]string{"src/index.ts": other}), fix.RejectedByCheck, `gets ["close 1000 \"bye\""] back`)
}

// A route of several segments, each compared in the object's fetch.
func TestWSCloseOnNestedRoute(t *testing.T) {
	src := `import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  async fetch(req: Request) {
    const [, session, section, action] = new URL(req.url).pathname.split("/");
    if (!session || section !== "video") return new Response("no", { status: 404 });
    if (req.headers.get("Upgrade") === "websocket") {
      switch (action) {
        case "viewer": {
          const [client, server] = Object.values(new WebSocketPair());
          this.ctx.acceptWebSocket(server);
          return new Response(null, { status: 101, webSocket: client });
        }
        default:
          return new Response("unknown", { status: 404 });
      }
    }
    return new Response("http");
  }
  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    console.log(code, reason);
  }
}
export default { fetch: () => new Response("ok") };
`
	f := fixture{config: sqliteConfig, src: src, rule: "wsclose", mark: "webSocketClose("}
	fixed := strings.Replace(src, "    console.log(code, reason);\n", "    console.log(code, reason);\n    if (code === 1005 || code === 1006) ws.close();\n    else ws.close(code, reason);\n", 1)
	want(t, "echo", f.verdict(t, map[string]string{"src/index.ts": fixed}), fix.Verified, "gets the same Close frame back")
	other := strings.Replace(src, "    console.log(code, reason);\n", "    ws.close(1000, \"bye\");\n", 1)
	want(t, "other code", f.verdict(t, map[string]string{"src/index.ts": other}), fix.RejectedByCheck, `gets ["close 1000 \"bye\""] back`)
}
