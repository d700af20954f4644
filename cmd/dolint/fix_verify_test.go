package main

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/fix"
)

var summaryRE = regexp.MustCompile(`(?m)^(\d+) fix(?:es)? applied \((\d+) verified, (\d+) unverifiable\), (\d+) rejected`)

// fixedRules are the rules whose fixes a fix run on the bundled examples
// must apply: every rule that has a fix.
var fixedRules = []string{"alarmtime", "envbindings", "missingmigration", "sqlinjection", "sqltransaction", "supercall", "unexportedclass", "wsaccept"}

// On the bundled examples, `dolint fix --unsafe` applies a fix of every
// fixable rule, the sandbox verifies each one (none unverifiable, none
// rejected), and a second run finds nothing more to fix.
func TestFixVerifiesExamples(t *testing.T) {
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples"))
	before := contents(t, dir)
	_, stdout, stderr := dolint(t, dir, "fix", "--unsafe", "./...")
	m := summaryRE.FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("no summary line:\n%s%s", stdout, stderr)
	}
	n, _ := strconv.Atoi(m[1])
	if n == 0 || m[2] != m[1] || m[3] != "0" || m[4] != "0" {
		t.Errorf("summary %q: want every applied fix verified, none unverifiable or rejected\n%s", m[0], stdout)
	}
	fixed := 0
	seen := map[string]bool{}
	lineRE := regexp.MustCompile(`^\S+:\d+: fixed \(([a-z]+)\): .+ \[verified: [a-zA-Z ]+\]$`)
	for _, line := range strings.Split(stdout, "\n") {
		if line == "" {
			continue
		}
		lm := lineRE.FindStringSubmatch(line)
		if lm == nil {
			t.Errorf("not a verified fix: %s", line)
			continue
		}
		fixed++
		seen[lm[1]] = true
	}
	if fixed != n {
		t.Errorf("%d fix lines for %d fixes:\n%s", fixed, n, stdout)
	}
	for _, r := range fixedRules {
		if !seen[r] {
			t.Errorf("no %s fix was applied:\n%s", r, stdout)
		}
	}
	after := contents(t, dir)
	changed := 0
	for f := range before {
		if before[f] != after[f] {
			changed++
		}
	}
	if changed == 0 {
		t.Errorf("no file was written:\n%s", stdout)
	}
	// The fixed examples are fixed: a second run applies nothing more and
	// holds nothing back.
	_, stdout, stderr = dolint(t, dir, "fix", "--unsafe", "./...")
	if m := summaryRE.FindStringSubmatch(stderr); m == nil || m[1] != "0" || stdout != "" || strings.Contains(stderr, "held back") {
		t.Errorf("second run:\n%s%s", stdout, stderr)
	}
	if again := contents(t, dir); !maps.Equal(again, after) {
		t.Errorf("the second run changed files")
	}
}

// A Worker whose alarmtime fix the sandbox cannot check: the method that
// sets the alarm takes an argument of a type it cannot make.
const (
	reminderConfig = `{
  "name": "reminders",
  "main": "src/index.ts",
  "compatibility_date": "2025-09-01",
  "durable_objects": { "bindings": [{ "name": "REMINDERS", "class_name": "Reminders" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Reminders"] }],
}
`
	reminderSource = `import { DurableObject } from "cloudflare:workers";

interface Reminder {
  text: string;
  inMinutes: number;
}

export class Reminders extends DurableObject {
  async add(reminder: Reminder): Promise<void> {
    await this.ctx.storage.put("next", reminder.text);
    await this.ctx.storage.setAlarm(60 * 1000);
  }

  async alarm(): Promise<void> {
    await this.ctx.storage.delete("next");
  }
}

export default { fetch: () => new Response("ok") };
`
)

// Without --unsafe, a safe fix the sandbox cannot check is held back like
// an unsafe one, and says so; with --unsafe it is applied and marked
// unverifiable.
func TestFixHoldsBackUnverifiableSafeFix(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, "wrangler.jsonc", reminderConfig, "src/index.ts", reminderSource)
	_, stdout, stderr := dolint(t, dir, "fix")
	if !regexp.MustCompile(`(?m)^src/index.ts:11: not fixed \(alarmtime\): .*not verifiable \(alarm on a virtual clock\): add: parameter reminder: the sandbox cannot make values of type Reminder; apply it with --unsafe$`).MatchString(stdout) {
		t.Errorf("alarmtime fix not held back:\n%s%s", stdout, stderr)
	}
	// Held back once, though the fix run reruns after holding it back.
	if n := strings.Count(stdout, "not fixed (alarmtime)"); n != 1 {
		t.Errorf("alarmtime held back %d times:\n%s", n, stdout)
	}
	src, _ := os.ReadFile(filepath.Join(dir, "src", "index.ts"))
	if string(src) != reminderSource {
		t.Errorf("a held-back fix was written:\n%s", src)
	}
	if !strings.Contains(stderr, "0 fixes applied (0 verified, 0 unverifiable), 0 rejected; 1 unsafe fix held back (use --unsafe)") {
		t.Errorf("summary: %s", stderr)
	}

	_, stdout, stderr = dolint(t, dir, "fix", "--unsafe")
	if !regexp.MustCompile(`(?m)^src/index.ts:11: fixed \(alarmtime\): .* \[unverifiable: add: parameter reminder: the sandbox cannot make values of type Reminder\]$`).MatchString(stdout) ||
		!strings.Contains(stderr, "1 fix applied (0 verified, 1 unverifiable), 0 rejected") {
		t.Errorf("with --unsafe:\n%s%s", stdout, stderr)
	}
	if src, _ := os.ReadFile(filepath.Join(dir, "src", "index.ts")); !strings.Contains(string(src), "setAlarm(Date.now() + 60 * 1000)") {
		t.Errorf("written source:\n%s", src)
	}
}

func TestFixNoVerify(t *testing.T) {
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "counter"))
	_, stdout, stderr := dolint(t, dir, "fix", "--unsafe", "--no-verify")
	if strings.Contains(stderr, "verified") || strings.Contains(stdout, "[verified") || !strings.Contains(stderr, "fixes applied") {
		t.Errorf("--no-verify still verified:\n%s%s", stdout, stderr)
	}
}

// A chat room that broadcasts to the sockets it keeps in a Set, as many
// rooms do before they move to hibernation.
const broadcastSource = `import { DurableObject } from "cloudflare:workers";

export class ChatRoom extends DurableObject {
  private sessions = new Set<WebSocket>();

  async fetch(request: Request): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    this.sessions.add(server);
    server.addEventListener("message", (event) => {
      for (const socket of this.sessions) socket.send(event.data as string);
    });
    return new Response(null, { status: 101, webSocket: client });
  }
}

export default { fetch: () => new Response("ok") };
`

// wsaccept's unsafe fix moves the listener into webSocketMessage, but the
// room still broadcasts to the Set, which hibernation empties. The sandbox
// sees the second message go unanswered, so the fix is dropped and the
// other fixes are still written.
func TestFixRejectsWebSocketFixThatLosesSessions(t *testing.T) {
	dir := t.TempDir()
	cfg := strings.NewReplacer("reminders", "chat", "REMINDERS", "ROOMS", "Reminders", "ChatRoom").Replace(reminderConfig)
	// A missing staging binding gives a second fix, which must survive.
	cfg = strings.Replace(cfg, `"migrations"`, `"env": { "staging": {} },
  "migrations"`, 1)
	writeTree(t, dir, "wrangler.jsonc", cfg, "src/index.ts", broadcastSource)
	_, stdout, stderr := dolint(t, dir, "fix", "--unsafe")
	if n := strings.Count(stdout, "not fixed (wsaccept)"); n != 1 || !strings.Contains(stdout, "verification failed (WebSocket across hibernation): after hibernation the reply to a second message is no reply") {
		t.Errorf("wsaccept rejected %d times:\n%s%s", n, stdout, stderr)
	}
	if !regexp.MustCompile(`(?m)^wrangler.jsonc:\d+: fixed \(envbindings\): .*\[verified: deploy simulation\]$`).MatchString(stdout) {
		t.Errorf("the other fix was not applied:\n%s", stdout)
	}
	m := summaryRE.FindStringSubmatch(stderr)
	if m == nil || m[1] != "1" || m[4] != "1" {
		t.Errorf("summary: %s", stderr)
	}
	src, _ := os.ReadFile(filepath.Join(dir, "src", "index.ts"))
	if string(src) != broadcastSource {
		t.Errorf("the rejected fix was written:\n%s", src)
	}
}

func TestVerifyProgress(t *testing.T) {
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "todo"))
	p := &driver.Project{Dir: dir, Config: filepath.Join(dir, "wrangler.jsonc")}
	src := filepath.Join(dir, "src", "index.ts")
	cands := []fix.Candidate{
		{Applied: fix.Applied{Rule: "timers", File: src, Line: 10}, Project: p},
		{Applied: fix.Applied{Rule: "timers", File: src, Line: 11}, Project: p},
		{Applied: fix.Applied{Rule: "timers", File: src, Line: 12}},
	}
	for _, progress := range []bool{false, true} {
		var buf bytes.Buffer
		vs, err := verifier(&buf, progress)(nil, cands)
		if err != nil || len(vs) != 3 {
			t.Fatalf("verdicts %v, %v", vs, err)
		}
		if vs[0].Status != fix.Unverifiable || !strings.Contains(vs[0].Reason, "no sandbox check fits timers") || !strings.Contains(vs[2].Reason, "no project") {
			t.Errorf("verdicts %+v", vs)
		}
		want := ""
		if progress {
			want = "\rverifying 1/3…\rverifying 2/3…\r\033[K"
		}
		if buf.String() != want {
			t.Errorf("progress %v: stderr %q, want %q", progress, buf.String(), want)
		}
	}
}

// The README's demo of verified fixes is the real output of the command it
// shows, run on a copy of the bundled examples.
func TestReadmeVerifiedFixesDemo(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	if err := os.Rename(copyDir(t, filepath.Join(repoRoot(t), "examples")), filepath.Join(root, "examples")); err != nil {
		t.Fatal(err)
	}
	// A clone's examples have their history; one commit is enough for
	// the copy not to read as outside any repository.
	git(t, root, "init", "-q")
	git(t, root, "add", ".")
	git(t, root, "commit", "-q", "-m", "examples")
	_, stdout, stderr := dolint(t, root, "fix", "--unsafe", "./examples/...")
	block := "```text\n$ dolint fix --unsafe ./examples/...\n" + stdout + stderr + "```\n"
	if !strings.Contains(string(readme), block) {
		t.Errorf("README.md's verified-fixes demo is out of date; the command now prints:\n%s", block)
	}
}

// With --format json, stdout is one document: each fix with its outcome
// and verdict (a rejected fix keeps the check that refused it), the
// totals, and with --diff the diff.
func TestFixJSON(t *testing.T) {
	dir := t.TempDir()
	cfg := strings.NewReplacer("reminders", "chat", "REMINDERS", "ROOMS", "Reminders", "ChatRoom").Replace(reminderConfig)
	cfg = strings.Replace(cfg, `"migrations"`, `"env": { "staging": {} },
  "migrations"`, 1)
	writeTree(t, dir, "wrangler.jsonc", cfg, "src/index.ts", broadcastSource)
	_, stdout, stderr := dolint(t, dir, "fix", "--unsafe", "--diff", "--format", "json")
	var doc struct {
		Fixes []struct {
			Rule, Message, File, Outcome, Reason string
			Line                                 int
			Verdict                              *struct{ Status, Check, Reason string }
		}
		Summary struct {
			Applied, Verified, Unverifiable, Rejected, HeldBack int
			Remaining                                           struct{ Errors, Warnings, Infos int }
		}
		Diff string
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("stdout is not one JSON document: %v\n%s%s", err, stdout, stderr)
	}
	got := map[string]string{}
	for _, f := range doc.Fixes {
		if f.Verdict == nil || f.File == "" || f.Line == 0 || f.Message == "" {
			t.Errorf("fix %+v lacks a field", f)
			continue
		}
		got[f.Rule] = f.Outcome + " " + f.Verdict.Status + " (" + f.Verdict.Check + ")"
	}
	if got["envbindings"] != "applied verified (deploy simulation)" || got["wsaccept"] != "rejected rejected (WebSocket across hibernation)" {
		t.Errorf("fixes %v\n%s", got, stdout)
	}
	if s := doc.Summary; s.Applied != 1 || s.Verified != 1 || s.Rejected != 1 || s.Unverifiable != 0 {
		t.Errorf("summary %+v", s)
	}
	if !strings.Contains(doc.Diff, "+++ b/wrangler.jsonc") || strings.Contains(doc.Diff, "b/src/index.ts") {
		t.Errorf("diff:\n%s", doc.Diff)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "wrangler.jsonc")); string(b) != cfg {
		t.Error("--diff wrote the config")
	}
	if _, _, stderr := dolint(t, dir, "fix", "--format", "sarif"); !strings.Contains(stderr, `--format: "sarif" is not text or json`) {
		t.Errorf("--format sarif: %s", stderr)
	}
}
