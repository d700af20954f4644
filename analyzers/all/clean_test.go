package all_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/all"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/discover"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/rule"
	"golang.org/x/tools/go/analysis"
)

// cleanProject is a realistic Worker that uses Durable Objects correctly:
// a chat room on the hibernation API with a rate-limiting helper class, a
// counter in SQLite with a self-rescheduling alarm, and a ledger reached
// over RPC that moves money in transactionSync with bound parameters.
const cleanProject = "testdata/clean"

// lintDir runs every rule over the project in dir and returns the findings
// and the names of the Durable Object classes the source input found.
func lintDir(t *testing.T, dir string) (*driver.Result, []string) {
	t.Helper()
	var classes []string
	probe := &analysis.Analyzer{
		Name:     "classes",
		Doc:      "list the Durable Object classes",
		Requires: []*analysis.Analyzer{source.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			for _, c := range pass.ResultOf[source.Analyzer].(*source.Result).Classes {
				classes = append(classes, c.Name)
			}
			return nil, nil
		},
	}
	projects, err := discover.Projects([]string{dir + "/..."})
	if err != nil {
		t.Fatal(err)
	}
	if len(projects) != 1 {
		t.Fatalf("%s: %d projects, want 1", dir, len(projects))
	}
	res, err := driver.Run(projects, rule.NewSet(append([]*rule.Rule{{Analyzer: probe}}, all.Rules().Rules()...)...), nil)
	if err != nil {
		t.Fatal(err)
	}
	return res, classes
}

// TestCleanProjectIsQuiet runs all rules over the clean project: correct
// code must produce no finding at all.
func TestCleanProjectIsQuiet(t *testing.T) {
	res, classes := lintDir(t, cleanProject)
	// The source rules only speak about classes they found; make sure they
	// looked at all three.
	if got := strings.Join(classes, " "); got != "Accounts ChatRoom Counter" {
		t.Fatalf("Durable Object classes found: %q, want the three of the project", got)
	}
	for _, d := range res.Diagnostics {
		p := res.Position(d.Pos)
		t.Errorf("%s:%d:%d: %s: %s", p.Filename, p.Line, p.Column, d.Rule, d.Message)
	}
}

// TestCleanProjectMutations plants one mistake at a time in a copy of the
// clean project and checks that the rule about it reports it, in the file
// the mistake is in. It shows that the silence above comes from correct
// code, not from rules that never look at this project.
func TestCleanProjectMutations(t *testing.T) {
	for _, m := range []struct {
		rule string
		in   string // the file to edit
		old  string // occurs exactly once in it
		new  string
		want string // the file the finding is in
	}{
		{"timers", "src/ratelimit.ts", "await this.pause(200);", "this.pause(200);", "src/ratelimit.ts"},
		{"wsaccept", "src/chat.ts", "this.ctx.acceptWebSocket(server, [name]);", "server.accept();", "src/chat.ts"},
		{"sqlinjection", "src/accounts.ts", `"SELECT balance FROM accounts WHERE id = ?", id`, "`SELECT balance FROM accounts WHERE id = '${id}'`", "src/accounts.ts"},
		{"cursorapi", "src/counter.ts", ".one();\n    return row.count;", ".rows[0];\n    return row.count;", "src/counter.ts"},
		{"sqltransaction", "src/accounts.ts", "this.ctx.storage.transactionSync(() => {", "this.sql.exec(\"BEGIN TRANSACTION\");\n    this.ctx.storage.transactionSync(() => {", "src/accounts.ts"},
		{"alarmtime", "src/counter.ts", "await this.ctx.storage.setAlarm(Date.now() + DAY);", "await this.ctx.storage.setAlarm(DAY);", "src/counter.ts"},
		{"alarmhandler", "src/counter.ts", "async alarm() {", "async onAlarm() {", "src/counter.ts"},
		{"supercall", "src/accounts.ts", "super(ctx, env);", "super(ctx);", "src/accounts.ts"},
		{"blockconcurrency", "src/counter.ts", "if ((await ctx.storage.getAlarm()) === null) {", "await fetch(\"https://example.com/warmup\");\n      if ((await ctx.storage.getAlarm()) === null) {", "src/counter.ts"},
		{"unexportedclass", "src/index.ts", "export { ChatRoom, Counter, Accounts };", "export { ChatRoom, Counter };", "wrangler.jsonc"},
		{"missingmigration", "wrangler.jsonc", `{ "tag": "v2", "new_sqlite_classes": ["Accounts"] },`, "", "wrangler.jsonc"},
		{"kvbackend", "wrangler.jsonc", `{ "tag": "v2", "new_sqlite_classes": ["Accounts"] },`, `{ "tag": "v2", "new_classes": ["Accounts"] },`, "wrangler.jsonc"},
		{"rpccompat", "wrangler.jsonc", `"compatibility_date": "2025-09-01",`, `"compatibility_date": "2024-01-01",`, "src/index.ts"},
		{"serviceworker", "src/index.ts", "export default {", "addEventListener(\"fetch\", () => {});\nconst handler = {", "wrangler.jsonc"},
	} {
		t.Run(m.rule, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(cleanProject)); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, filepath.FromSlash(m.in))
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(string(src), m.old); n != 1 {
				t.Fatalf("%q occurs %d times in %s, want once", m.old, n, m.in)
			}
			if err := os.WriteFile(path, []byte(strings.Replace(string(src), m.old, m.new, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			res, _ := lintDir(t, dir)
			found := false
			for _, d := range res.Diagnostics {
				p := res.Position(d.Pos)
				if d.Rule == m.rule && strings.HasSuffix(filepath.ToSlash(p.Filename), "/"+m.want) {
					found = true
				}
			}
			if !found {
				for _, d := range res.Diagnostics {
					t.Logf("%s: %s: %s", res.Position(d.Pos).Filename, d.Rule, d.Message)
				}
				t.Errorf("%s reported nothing in %s after %s was edited", m.rule, m.want, m.in)
			}
		})
	}
}
