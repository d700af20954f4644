package rule

import (
	"strings"
	"testing"
)

func TestSplitMessage(t *testing.T) {
	for _, c := range []struct{ msg, head, detail string }{
		// A semicolon ends the statement of the problem.
		{`class Presence is bound by DO binding PRESENCE but no migration creates it; deploy fails with "Cannot create binding for class 'Presence'" (code 10061)`,
			`class Presence is bound by DO binding PRESENCE but no migration creates it`,
			`deploy fails with "Cannot create binding for class 'Presence'" (code 10061)`},
		// Nothing to split.
		{`webSocketClose() never calls socket.close()`, `webSocketClose() never calls socket.close()`, ``},
		// Periods and semicolons inside quotes, numbers, file names, code
		// and e.g. are not sentence ends.
		{`this.ctx.storage.sql.exec in src/index.ts reads 1.5 MB, e.g. Foo.bar; keep it small`,
			`this.ctx.storage.sql.exec in src/index.ts reads 1.5 MB, e.g. Foo.bar`, `keep it small`},
		{`wrangler prints "a; b. C" for it. Rename it`, `wrangler prints "a; b. C" for it.`, `Rename it`},
		// A quoted error that ends a sentence ends it after the quote.
		{`X is not exported, so deploy fails with "not exported in your entrypoint file: X." Export it: export class X`,
			`X is not exported, so deploy fails with "not exported in your entrypoint file: X."`, `Export it: export class X`},
		// A first sentence that quotes an error after a colon is cut at the
		// colon; a colon inside quotes or parentheses does not count.
		{`super(ctx) does not pass env: the constructor throws "TypeError: Failed to construct 'DurableObjectBase': bad.", so every request fails; call super(ctx, env)`,
			`super(ctx) does not pass env`,
			`the constructor throws "TypeError: Failed to construct 'DurableObjectBase': bad.", so every request fails; call super(ctx, env)`},
		{`sql.exec() in M (wrangler dev: "SQL is off"): it throws "no SQL"; use new_sqlite_classes`,
			`sql.exec() in M (wrangler dev: "SQL is off")`, `it throws "no SQL"; use new_sqlite_classes`},
		// A short first sentence with a colon and no quote stays whole.
		{`setAlarm(86400000) takes a time, not a delay: 86400000 ms is 1970-01-02 00:00:00 UTC; use Date.now() + 86400000`,
			`setAlarm(86400000) takes a time, not a delay: 86400000 ms is 1970-01-02 00:00:00 UTC`, `use Date.now() + 86400000`},
		// A cut-off excerpt of code leaves a bracket open; the split still
		// finds the semicolon after it.
		{`the constructor of A starts this.load().catch((err) => console.er... without awaiting it; this.config is set later`,
			`the constructor of A starts this.load().catch((err) => console.er... without awaiting it`, `this.config is set later`},
		// A semicolon in code in backticks is code.
		{"run `a(); b()` first; then this", "run `a(); b()` first", "then this"},
	} {
		head, detail := SplitMessage(c.msg)
		if head != c.head || detail != c.detail {
			t.Errorf("SplitMessage(%q)\n got  %q | %q\n want %q | %q", c.msg, head, detail, c.head, c.detail)
		}
	}
}

// Whatever the split, no text is lost and no quote is cut in two.
func FuzzSplitMessage(f *testing.F) {
	f.Add(`a "b; c" d; e`)
	f.Add(`x: "y". Z`)
	f.Add(`(unclosed; "q`)
	f.Fuzz(func(t *testing.T, msg string) {
		head, detail := SplitMessage(msg)
		if !strings.Contains(msg, head) || !strings.Contains(msg, detail) || len(head)+len(detail) > len(msg) {
			t.Fatalf("SplitMessage(%q) = %q, %q: not parts of the message", msg, head, detail)
		}
		if balanced(msg) && !balanced(head) {
			t.Fatalf("SplitMessage(%q) cut a quote: %q", msg, head)
		}
	})
}
