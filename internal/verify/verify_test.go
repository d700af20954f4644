package verify

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/all"
	"github.com/dolint-dev/dolint/internal/fix"
)

// fixture is a project on disk (the version before the fix) and the fix
// under test.
type fixture struct {
	config string // wrangler.jsonc contents
	src    string // src/index.ts contents
	rule   string
	// mark is a substring of the line the finding is on, in src (or in
	// config when file is "wrangler.jsonc").
	mark string
	file string
	// extra are other files of the project (name → contents).
	extra map[string]string
}

// verdict writes the project, applies fixed (file name → new contents) as
// an overlay and verifies the fix.
func (f fixture) verdict(t *testing.T, fixed map[string]string) fix.Verdict {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{"wrangler.jsonc": f.config, "src/index.ts": f.src}
	for name, src := range f.extra {
		files[name] = src
	}
	for name, src := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	file := f.file
	if file == "" {
		file = "src/index.ts"
	}
	line := 0
	for i, l := range strings.Split(files[file], "\n") {
		if strings.Contains(l, f.mark) {
			line = i + 1
			break
		}
	}
	if line == 0 {
		t.Fatalf("mark %q is not in %s", f.mark, file)
	}
	overlay := map[string][]byte{}
	for name, src := range fixed {
		overlay[filepath.Join(dir, name)] = []byte(src)
	}
	config := filepath.Join(dir, "wrangler.jsonc")
	vs := Run(Options{Config: config, Fixed: overlay}, []fix.Candidate{{Applied: fix.Applied{Rule: f.rule, File: filepath.Join(dir, file), Line: line}, Check: all.Rules().Lookup(f.rule).Doc.Verify}})
	for name, src := range files {
		if b, _ := os.ReadFile(filepath.Join(dir, name)); string(b) != src {
			t.Errorf("%s changed on disk", name)
		}
	}
	return vs[0]
}

func want(t *testing.T, what string, got fix.Verdict, status fix.Status, reason string) {
	t.Helper()
	t.Logf("%s: %v", what, got)
	if got.Status != status || !strings.Contains(got.Reason, reason) {
		t.Errorf("%s: got %v, want %v with reason containing %q", what, got, status, reason)
	}
}

const sqliteConfig = `{
  "name": "t", "main": "src/index.ts", "compatibility_date": "2025-09-01",
  "durable_objects": { "bindings": [{ "name": "OBJ", "class_name": "Obj" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Obj"] }],
  "vars": { "GREETING": "hi" },
}`

func TestSuperCall(t *testing.T) {
	src := `import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  constructor(ctx: DurableObjectState, env: any) {
    super(ctx);
  }
  greet(who: string) { return (this.env ? this.env.GREETING : "?") + " " + who; }
  async bump(): Promise<number> {
    const n = ((await this.ctx.storage.get<number>("n")) ?? 0) + 1;
    await this.ctx.storage.put("n", n);
    return n;
  }
}
export default { fetch() { return new Response("ok"); } };
`
	f := fixture{config: sqliteConfig, src: src, rule: "supercall", mark: "super(ctx)"}
	want(t, "super(ctx, env)", f.verdict(t, map[string]string{"src/index.ts": strings.Replace(src, "super(ctx)", "super(ctx, env)", 1)}),
		fix.Verified, "this.env is the runtime's env")
	want(t, "super(ctx, ctx)", f.verdict(t, map[string]string{"src/index.ts": strings.Replace(src, "super(ctx)", "super(ctx, ctx as any)", 1)}),
		fix.RejectedByCheck, "this.env is not the env")
	// workerd's base constructor checks the state argument, so swapping
	// the arguments fails construction outright.
	want(t, "super(env, ctx)", f.verdict(t, map[string]string{"src/index.ts": strings.Replace(src, "super(ctx)", "super(env, ctx)", 1)}),
		fix.RejectedByCheck, "constructor parameter 1 is not of type 'DurableObjectState'")
}

func TestAlarmTime(t *testing.T) {
	src := `import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  async schedule(label: string): Promise<void> {
    await this.ctx.storage.put("label", label);
    await this.ctx.storage.setAlarm(90 * 60 * 1000);
  }
  async alarm() { await this.ctx.storage.delete("label"); }
}
export default { fetch() { return new Response("ok"); } };
`
	f := fixture{config: sqliteConfig, src: src, rule: "alarmtime", mark: "setAlarm("}
	want(t, "Date.now() + delay", f.verdict(t, map[string]string{"src/index.ts": strings.Replace(src, "setAlarm(", "setAlarm(Date.now() + ", 1)}),
		fix.Verified, "1h30m0s ahead")
	want(t, "delay in seconds", f.verdict(t, map[string]string{"src/index.ts": strings.Replace(src, "setAlarm(90 * 60 * 1000", "setAlarm(Date.now() + 90 * 60", 1)}),
		fix.RejectedByCheck, "the original's delay of 1h30m0s")
	want(t, "new Date(delay)", f.verdict(t, map[string]string{"src/index.ts": strings.Replace(src, "setAlarm(90 * 60 * 1000)", "setAlarm(new Date(90 * 60 * 1000))", 1)}),
		fix.RejectedByCheck, "the original's delay")

	noHandler := strings.Replace(src, "async alarm()", "async other()", 1)
	f.src = noHandler
	want(t, "no alarm handler", f.verdict(t, map[string]string{"src/index.ts": strings.Replace(noHandler, "setAlarm(", "setAlarm(Date.now() + ", 1)}),
		fix.Unverifiable, "must have an alarm() handler")
}

func TestWebSocketAccept(t *testing.T) {
	src := `import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  async fetch(request: Request): Promise<Response> {
    const pair = new WebSocketPair();
    const [client, server] = Object.values(pair);
    server.accept();
    server.addEventListener("message", (event) => {
      const msg = JSON.parse(event.data as string);
      server.send("echo " + msg.body);
    });
    return new Response(null, { status: 101, webSocket: client });
  }
}
export default { fetch() { return new Response("ok"); } };
`
	good := `import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  async fetch(request: Request): Promise<Response> {
    const pair = new WebSocketPair();
    const [client, server] = Object.values(pair);
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }
  webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
    const msg = JSON.parse(message as string);
    ws.send("echo " + msg.body);
  }
}
export default { fetch() { return new Response("ok"); } };
`
	f := fixture{config: sqliteConfig, src: src, rule: "wsaccept", mark: "server.accept()"}
	want(t, "listener moved to webSocketMessage", f.verdict(t, map[string]string{"src/index.ts": good}),
		fix.Verified, `same replies (["echo hello"])`)
	wrongHandler := strings.Replace(good, "webSocketMessage(ws: WebSocket, message: string | ArrayBuffer)", "webSocketClose(ws: WebSocket, message: any)", 1)
	want(t, "listener moved to webSocketClose", f.verdict(t, map[string]string{"src/index.ts": wrongHandler}),
		fix.RejectedByCheck, `reply to a message changed: ["echo hello"] before the fix, no reply after`)
	// In-memory state read by the handler is gone after hibernation.
	memory := strings.Replace(good, "this.ctx.acceptWebSocket(server);", "this.ctx.acceptWebSocket(server); this.prefix = \"echo \";", 1)
	memory = strings.Replace(memory, `ws.send("echo " + msg.body)`, `ws.send(this.prefix.trim() + " " + msg.body)`, 1)
	memory = strings.Replace(memory, "export class Obj extends DurableObject {", "export class Obj extends DurableObject {\n  prefix: any;", 1)
	want(t, "handler relies on memory lost in hibernation", f.verdict(t, map[string]string{"src/index.ts": memory}),
		fix.RejectedByCheck, "webSocketMessage throws TypeError")

	// A chat room that broadcasts to the sockets it keeps in a Set: the
	// listener version answers every message; the hibernatable one loses
	// the Set when the object hibernates and answers nobody.
	room := strings.Replace(src, "server.accept();", "server.accept();\n    this.sessions.add(server);", 1)
	room = strings.Replace(room, `server.send("echo " + msg.body);`, `for (const s of this.sessions) s.send("echo " + msg.body);`, 1)
	room = strings.Replace(room, "export class Obj extends DurableObject {", "export class Obj extends DurableObject {\n  sessions = new Set<WebSocket>();", 1)
	roomFixed := strings.Replace(good, "this.ctx.acceptWebSocket(server);", "this.ctx.acceptWebSocket(server);\n    this.sessions.add(server);", 1)
	roomFixed = strings.Replace(roomFixed, `ws.send("echo " + msg.body);`, `for (const s of this.sessions) s.send("echo " + msg.body);`, 1)
	roomFixed = strings.Replace(roomFixed, "export class Obj extends DurableObject {", "export class Obj extends DurableObject {\n  sessions = new Set<WebSocket>();", 1)
	f.src = room
	want(t, "sessions kept in memory", f.verdict(t, map[string]string{"src/index.ts": roomFixed}),
		fix.RejectedByCheck, `after hibernation the reply to a second message is no reply; without hibernation the original answers ["echo hello"]`)
	roomGood := strings.Replace(roomFixed, "for (const s of this.sessions)", "for (const s of this.ctx.getWebSockets())", 1)
	want(t, "sessions from getWebSockets", f.verdict(t, map[string]string{"src/index.ts": roomGood}),
		fix.Verified, "also to a message sent after hibernation")
}

const todoSrc = `import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  sql = this.ctx.storage.sql;
  constructor(ctx: DurableObjectState, env: any) {
    super(ctx, env);
    this.sql.exec("CREATE TABLE IF NOT EXISTS todos (id INTEGER PRIMARY KEY, title TEXT)");
  }
  add(title: string): void {
    this.sql.exec("INSERT INTO todos (title) VALUES (?)", title);
  }
  search(term: string) {
    return this.sql.exec(` + "`SELECT title FROM todos WHERE title = '${term}'`" + `).toArray();
  }
  count(): number {
    return this.sql.exec("SELECT count(*) AS n FROM todos").one().n as number;
  }
}
export default { fetch() { return new Response("ok"); } };
`

func TestSQLInjection(t *testing.T) {
	f := fixture{config: sqliteConfig, src: todoSrc, rule: "sqlinjection", mark: "SELECT title FROM todos WHERE"}
	bound := strings.Replace(todoSrc, "`SELECT title FROM todos WHERE title = '${term}'`", `"SELECT title FROM todos WHERE title = ?", term`, 1)
	want(t, "bound parameter", f.verdict(t, map[string]string{"src/index.ts": bound}),
		fix.Verified, "hostile strings are data")
	dropped := strings.Replace(todoSrc, "`SELECT title FROM todos WHERE title = '${term}'`", `"SELECT title FROM todos WHERE title = ?"`, 1)
	want(t, "binding dropped", f.verdict(t, map[string]string{"src/index.ts": dropped}),
		fix.RejectedByCheck, `search("a") returns [{title: "a"}] before the fix and`)
	escaped := strings.Replace(todoSrc, "'${term}'", `"${term}"`, 1)
	want(t, "quotes swapped", f.verdict(t, map[string]string{"src/index.ts": escaped}),
		fix.RejectedByCheck, "")
	// String.replace with a string pattern replaces the first quote only.
	firstQuote := strings.Replace(todoSrc, "'${term}'", `'${term.replace("'", "''")}'`, 1)
	want(t, "only the first quote escaped", f.verdict(t, map[string]string{"src/index.ts": firstQuote}),
		fix.RejectedByCheck, "still reaches the SQL text")

	// A lookup that also calls out to the network runs against the stub,
	// and the verdict says what it sent; a wrong fix there is still caught.
	audit := "  async search(term: string) {\n    await fetch(\"https://example.com/audit\");"
	remote := strings.Replace(bound, "  search(term: string) {", audit, 1)
	f.src = strings.Replace(todoSrc, "  search(term: string) {", audit, 1)
	want(t, "method needs the network", f.verdict(t, map[string]string{"src/index.ts": remote}),
		fix.Verified, "outbound GET https://example.com/audit")
	remoteWrong := strings.Replace(firstQuote, "  search(term: string) {", audit, 1)
	want(t, "method needs the network, wrong fix", f.verdict(t, map[string]string{"src/index.ts": remoteWrong}),
		fix.RejectedByCheck, "still reaches the SQL text")
}

// A "fix" that strips single quotes but splices the term into a
// double-quoted string, which SQLite takes as a string literal: a double
// quote in the input ends it, and the rest runs as SQL.
func TestSQLInjectionDoubleQuotes(t *testing.T) {
	f := fixture{config: sqliteConfig, src: todoSrc, rule: "sqlinjection", mark: "SELECT title FROM todos WHERE"}
	dq := strings.Replace(todoSrc, "'${term}'", `"${term.split("'").join("")}"`, 1)
	want(t, "double-quoted splice", f.verdict(t, map[string]string{"src/index.ts": dq}), fix.RejectedByCheck, "")
}

func TestSQLTransaction(t *testing.T) {
	src := `import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  sql = this.ctx.storage.sql;
  constructor(ctx: DurableObjectState, env: any) {
    super(ctx, env);
    this.sql.exec("CREATE TABLE IF NOT EXISTS todos (id INTEGER PRIMARY KEY, title TEXT)");
  }
  add(titles: string[]): void {
    this.sql.exec("BEGIN TRANSACTION");
    for (const title of titles) {
      this.sql.exec("INSERT INTO todos (title) VALUES (?)", title);
    }
    this.sql.exec("COMMIT");
  }
  count(): number {
    return this.sql.exec("SELECT count(*) AS n FROM todos").one().n as number;
  }
}
export default { fetch() { return new Response("ok"); } };
`
	f := fixture{config: sqliteConfig, src: src, rule: "sqltransaction", mark: "BEGIN TRANSACTION"}
	good := strings.Replace(src, `this.sql.exec("BEGIN TRANSACTION");`, "this.ctx.storage.transactionSync(() => {", 1)
	good = strings.Replace(good, `this.sql.exec("COMMIT");`, "});", 1)
	want(t, "transactionSync", f.verdict(t, map[string]string{"src/index.ts": good}),
		fix.Verified, "a throw part-way rolls back")
	noTxn := strings.Replace(src, `this.sql.exec("BEGIN TRANSACTION");`, "", 1)
	noTxn = strings.Replace(noTxn, `this.sql.exec("COMMIT");`, "", 1)
	want(t, "statements dropped, no transaction", f.verdict(t, map[string]string{"src/index.ts": noTxn}),
		fix.RejectedByCheck, "left partial writes: before the throw count() returns 0; after it count() returns")
	savepoint := strings.Replace(src, "BEGIN TRANSACTION", "SAVEPOINT s", 1)
	want(t, "still a SQL statement", f.verdict(t, map[string]string{"src/index.ts": savepoint}),
		fix.RejectedByCheck, "after the fix")
}

const twoClasses = `import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {}
class Other extends DurableObject {
  async fetch() { return new Response("other"); }
}
export default { fetch() { return new Response("ok"); } };
`

func TestUnexportedClass(t *testing.T) {
	config := `{
  "name": "t", "main": "src/index.ts", "compatibility_date": "2025-09-01",
  "durable_objects": { "bindings": [
    { "name": "OBJ", "class_name": "Obj" },
    { "name": "OTHER", "class_name": "Other" },
  ] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Obj", "Other"] }],
}`
	f := fixture{config: config, src: twoClasses, rule: "unexportedclass", mark: `"class_name": "Other"`, file: "wrangler.jsonc"}
	want(t, "export added", f.verdict(t, map[string]string{"src/index.ts": twoClasses + "export { Other };\n"}),
		fix.Verified, "class Other, which the main module does not export; after it, that passes")
	want(t, "default export instead", f.verdict(t, map[string]string{"src/index.ts": strings.Replace(twoClasses, "export default {", "export const unused = 1;\nexport default {", 1)}),
		fix.RejectedByCheck, "changes nothing the simulation sees")
	want(t, "export that breaks the bundle", f.verdict(t, map[string]string{"src/index.ts": twoClasses + "export { Other } from \"./other\";\n"}),
		fix.RejectedByCheck, "does not load")
}

func TestMissingMigration(t *testing.T) {
	config := `{
  "name": "t", "main": "src/index.ts", "compatibility_date": "2025-09-01",
  "durable_objects": { "bindings": [{ "name": "OBJ", "class_name": "Obj" }] },
}`
	src := strings.Replace(twoClasses, "class Other", "export class Other", 1)
	f := fixture{config: config, src: src, rule: "missingmigration", mark: `"class_name": "Obj"`, file: "wrangler.jsonc"}
	fixed := strings.Replace(config, "] },\n}", "] },\n  \"migrations\": [{ \"tag\": \"v1\", \"new_sqlite_classes\": [\"Obj\"] }],\n}", 1)
	want(t, "migration added", f.verdict(t, map[string]string{"wrangler.jsonc": fixed}),
		fix.Verified, "Cannot create binding for class 'Obj'")
	typo := strings.Replace(fixed, `["Obj"]`, `["Ob"]`, 1)
	want(t, "migration for a misspelt class", f.verdict(t, map[string]string{"wrangler.jsonc": typo}),
		fix.RejectedByCheck, "a migration creates class Ob, which the main module does not export")
	twice := strings.Replace(fixed, `[{ "tag": "v1", "new_sqlite_classes": ["Obj"] }]`, `[{ "tag": "v1", "new_sqlite_classes": ["Obj"] }, { "tag": "v2", "new_classes": ["Obj"] }]`, 1)
	want(t, "class created twice", f.verdict(t, map[string]string{"wrangler.jsonc": twice}),
		fix.RejectedByCheck, "Cannot apply new_classes migration to existing class Obj")
}

func TestUnknownRule(t *testing.T) {
	f := fixture{config: sqliteConfig, src: twoClasses, rule: "timers", mark: "class Obj"}
	want(t, "rule without a check", f.verdict(t, map[string]string{"src/index.ts": twoClasses + "\n"}), fix.Unverifiable, "no sandbox check fits timers fixes")
}

func TestArgVectors(t *testing.T) {
	src := []byte(`class A {
  m(a: string, n: number, flags: boolean[], kind: "x" | "y", by = 1) {}
  u(x: Todo) {}
  r(...xs: string[]) {}
}`)
	s, err := locate("a.ts", src, 2)
	if err != nil {
		t.Fatal(err)
	}
	if s.Class != "A" || s.Method == nil || s.Method.Name != "m" || len(s.Members) != 3 {
		t.Fatalf("site %+v", s)
	}
	vecs, err := argVectors(src, s.Method)
	if err != nil {
		t.Fatal(err)
	}
	if len(vecs) != len(sampleStrings) {
		t.Errorf("%d vectors, want %d (the longest sample list)", len(vecs), len(sampleStrings))
	}
	seen := map[string]bool{}
	for _, v := range vecs {
		seen[showArgs(v)] = true
	}
	for _, w := range []string{`"a", 1, [], "x", 1`, `"'", 1.5, [], "y", 1.5`, `"", -1, [true, false], "x", -1`} {
		if !seen[w] {
			t.Errorf("no vector %s in %v", w, seen)
		}
	}
	if _, err := argVectors(src, s.Members[1]); err == nil || !strings.Contains(err.Error(), "type Todo") {
		t.Errorf("unknown type: %v", err)
	}
	if _, err := argVectors(src, s.Members[2]); err == nil || !strings.Contains(err.Error(), "rest parameter") {
		t.Errorf("rest parameter: %v", err)
	}
}

// A "fix" that only filters the word OR: no hostile string breaks the
// syntax or widens the lookup, but one aimed at the class's own table
// deletes its rows, and the data probe sees it.
func TestSQLInjectionDeletesRows(t *testing.T) {
	f := fixture{config: sqliteConfig, src: todoSrc, rule: "sqlinjection", mark: "SELECT title FROM todos WHERE"}
	noOr := strings.Replace(todoSrc, "'${term}'", `'${term.replace(/ OR /gi, "")}'`, 1)
	want(t, "OR filtered", f.verdict(t, map[string]string{"src/index.ts": noOr}), fix.RejectedByCheck, "data or tables changed")
}

// setAlarm in the object's fetch handler: the check reaches it through a
// request instead of RPC.
func TestAlarmTimeInFetch(t *testing.T) {
	src := `import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  async fetch(request: Request): Promise<Response> {
    await this.ctx.storage.setAlarm(30_000);
    return new Response("scheduled");
  }
  async alarm() {}
}
export default { fetch() { return new Response("ok"); } };
`
	f := fixture{config: sqliteConfig, src: src, rule: "alarmtime", mark: "setAlarm("}
	want(t, "fetch sets the alarm", f.verdict(t, map[string]string{"src/index.ts": strings.Replace(src, "setAlarm(", "setAlarm(Date.now() + ", 1)}),
		fix.Verified, "fetch() sets the alarm 30s ahead")
	want(t, "fetch sets it a second early", f.verdict(t, map[string]string{"src/index.ts": strings.Replace(src, "setAlarm(", "setAlarm(Date.now() - 1000 + ", 1)}),
		fix.RejectedByCheck, "the original's delay of 30s")
}

// A project that does not load before the fix gives the deploy
// simulation nothing to compare.
func TestDeployUnloadable(t *testing.T) {
	config := `{
  "name": "t", "main": "src/index.ts", "compatibility_date": "2025-09-01",
  "durable_objects": { "bindings": [{ "name": "OBJ", "class_name": "Obj" }] },
}`
	src := `import "./nowhere";` + "\n" + twoClasses
	f := fixture{config: config, src: src, rule: "missingmigration", mark: `"class_name": "Obj"`, file: "wrangler.jsonc"}
	fixed := strings.Replace(config, "] },\n}", "] },\n  \"migrations\": [{ \"tag\": \"v1\", \"new_sqlite_classes\": [\"Obj\"] }],\n}", 1)
	v := f.verdict(t, map[string]string{"wrangler.jsonc": fixed})
	// The 10061 failure goes away, so the fix is still seen to work.
	want(t, "migration added to an unloadable project", v, fix.Verified, "10061")
	same := strings.Replace(config, `"t"`, `"t2"`, 1)
	want(t, "edit with no visible effect", f.verdict(t, map[string]string{"wrangler.jsonc": same}), fix.Unverifiable, "does not load")
}

// What a listener closure captured must survive hibernation: in the
// socket's attachment it does, in a field of the object it does not.
func TestWebSocketAttachment(t *testing.T) {
	src := `import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  async fetch(request: Request): Promise<Response> {
    const user = new URL(request.url).searchParams.get("user") ?? "anon";
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener("message", (event) => server.send(user + " says " + JSON.parse(event.data as string).body));
    return new Response(null, { status: 101, webSocket: client });
  }
}
export default { fetch() { return new Response("ok"); } };
`
	fixed := `import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  users = new Map<WebSocket, string>();
  async fetch(request: Request): Promise<Response> {
    const user = new URL(request.url).searchParams.get("user") ?? "anon";
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    STORE;
    return new Response(null, { status: 101, webSocket: client });
  }
  webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
    ws.send(LOAD + " says " + JSON.parse(message as string).body);
  }
}
export default { fetch() { return new Response("ok"); } };
`
	attach := strings.NewReplacer("STORE", "server.serializeAttachment({ user })", "LOAD", "ws.deserializeAttachment().user").Replace(fixed)
	field := strings.NewReplacer("STORE", "this.users.set(server, user)", "LOAD", "this.users.get(ws)").Replace(fixed)
	f := fixture{config: sqliteConfig, src: src, rule: "wsaccept", mark: "server.accept()"}
	want(t, "user kept in the attachment", f.verdict(t, map[string]string{"src/index.ts": attach}), fix.Verified, `["anon says hello"]`)
	want(t, "user kept in a Map field", f.verdict(t, map[string]string{"src/index.ts": field}), fix.RejectedByCheck, `reply to a second message is ["undefined says hello"]`)
}

// Another class that is bound but not exported does not keep a fix to
// this one from being checked.
func TestCheckBesideUnexportedClass(t *testing.T) {
	config := strings.Replace(sqliteConfig, `[{ "name": "OBJ", "class_name": "Obj" }]`, `[{ "name": "OBJ", "class_name": "Obj" }, { "name": "GONE", "class_name": "Gone" }]`, 1)
	src := `import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  constructor(ctx: DurableObjectState, env: any) {
    super(ctx);
  }
}
class Gone extends DurableObject {}
export default { fetch() { return new Response("ok"); } };
`
	f := fixture{config: config, src: src, rule: "supercall", mark: "super(ctx)"}
	want(t, "super(ctx, env) beside an unexported class", f.verdict(t, map[string]string{"src/index.ts": strings.Replace(src, "super(ctx)", "super(ctx, env)", 1)}),
		fix.Verified, "this.env is the runtime's env")
}

// Before the RPC compatibility date the Worker cannot call schedule(), but
// when the alarm fires does not depend on how the method was reached: the
// check runs it on the object directly and says so.
func TestAlarmTimeBeforeRPC(t *testing.T) {
	src := `import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  async schedule(): Promise<void> {
    await this.ctx.storage.setAlarm(24 * 60 * 60 * 1000);
  }
  async alarm() { await this.ctx.storage.put("ran", true); }
}
export default { fetch() { return new Response("ok"); } };
`
	config := strings.Replace(sqliteConfig, "2025-09-01", "2024-03-01", 1)
	f := fixture{config: config, src: src, rule: "alarmtime", mark: "setAlarm("}
	want(t, "Date.now() + delay", f.verdict(t, map[string]string{"src/index.ts": strings.Replace(src, "setAlarm(", "setAlarm(Date.now() + ", 1)}),
		fix.Verified, "24h0m0s ahead, and it fires then (called directly: compatibility_date 2024-03-01 predates RPC)")
	want(t, "delay in seconds", f.verdict(t, map[string]string{"src/index.ts": strings.Replace(src, "setAlarm(24 * 60 * 60 * 1000", "setAlarm(Date.now() + 24 * 60 * 60", 1)}),
		fix.RejectedByCheck, "the original's delay of 24h0m0s")
	// With the rpc flag the call is an ordinary RPC call.
	withFlag := strings.Replace(config, `"compatibility_date"`, `"compatibility_flags": ["rpc"], "compatibility_date"`, 1)
	f.config = withFlag
	v := f.verdict(t, map[string]string{"src/index.ts": strings.Replace(src, "setAlarm(", "setAlarm(Date.now() + ", 1)})
	want(t, "rpc flag", v, fix.Verified, "24h0m0s ahead")
	if strings.Contains(v.Reason, "called directly") {
		t.Errorf("with the rpc flag the call went past the gate: %v", v)
	}
}
