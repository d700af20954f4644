package output

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/internal/driver"
	"golang.org/x/tools/go/analysis"
)

const classTS = "export class Room {\n\tname = \"🚀\";\n\n  a() {}\n  b() {}\n}\nlet x = 1;\n"

func TestTextFrames(t *testing.T) {
	f := newFixture(t, map[string]string{"src/index.ts": classTS})
	whole := f.diag(docMigration, "src/index.ts", classTS[:strings.Index(classTS, "}\nlet")+1], 0, "whole class")
	afterTab := f.diag(docAlarm, "src/index.ts", `"🚀"`, 0, "after a tab and an emoji")
	atEOL := f.diag(docStyle, "src/index.ts", "", 0, "empty range")
	// An empty range at the end of a line, and a range that ends with the
	// line's newline.
	p, _ := f.span("src/index.ts", "let x = 1;", 0)
	atEOL.Pos, atEOL.End = p+10, p+10
	nl := f.diag(docStyle, "src/index.ts", "let x = 1;\n", 0, "line with its newline")
	diags := []driver.Diagnostic{whole, afterTab, atEOL, nl}
	var b bytes.Buffer
	if err := Text(&b, f.res, Findings(f.res, diags, f.dir), TextOptions{Frames: true}); err != nil {
		t.Fatal(err)
	}
	golden(t, "text-frames.golden", b.Bytes())
	if strings.Contains(b.String(), "\x1b[") {
		t.Error("colour without Color")
	}

	b.Reset()
	if err := Text(&b, f.res, Findings(f.res, diags[1:2], f.dir), TextOptions{Frames: true, Color: true}); err != nil {
		t.Fatal(err)
	}
	want := "src/index.ts:2:9: \x1b[1;33mwarning\x1b[0m: after a tab and an emoji (alarmloop)\n" +
		" 2 |     name = \"🚀\";\n" +
		" 2 |            \x1b[1;33m^^^\x1b[0m\n"
	// The gutter of the caret line is blank; compare without it.
	got := strings.Replace(b.String(), "\n   |", "\n 2 |", 1)
	if got != want {
		t.Errorf("coloured frame:\n%q\nwant\n%q", got, want)
	}
}

func TestSummary(t *testing.T) {
	f := newFixture(t, map[string]string{"src/index.ts": "a b c d\n"})
	fix := []analysis.SuggestedFix{{Message: "f", TextEdits: []analysis.TextEdit{}}}
	safeFix := f.diag(docInjection, "src/index.ts", "a", 0, "m")
	safeFix.SuggestedFixes = fix
	unsafeFix := f.diag(docAlarm, "src/index.ts", "b", 0, "m")
	unsafeFix.SuggestedFixes = fix
	noFix := f.diag(docInjection, "src/index.ts", "c", 0, "m")
	info := f.diag(docStyle, "src/index.ts", "d", 0, "m")
	fs := Findings(f.res, []driver.Diagnostic{safeFix, unsafeFix, noFix, info, info}, f.dir)
	for _, c := range []struct {
		fs       []Finding
		projects int
		want     string
	}{
		{fs, 2, "2 errors, 1 warning, 2 info in 2 projects; 1 fixable with `dolint fix` (1 more with --unsafe)"},
		{fs[:1], 1, "1 error in 1 project; 1 fixable with `dolint fix`"},
		{fs[1:3], 1, "1 error, 1 warning in 1 project; 1 fixable with `dolint fix --unsafe`"},
		{fs[2:4], 1, "1 error, 1 info in 1 project"},
		{nil, 3, "no findings in 3 projects"},
	} {
		if got := Summary(c.fs, c.projects, testRules); got != c.want {
			t.Errorf("got  %q\nwant %q", got, c.want)
		}
	}
}

func TestUseColor(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	for _, c := range []struct {
		mode     ColorMode
		terminal bool
		env      func(string) string
		want     bool
	}{
		{"auto", true, env(), true},
		{"auto", false, env(), false},
		{"", true, env(), true},
		{"auto", true, env("NO_COLOR", "1"), false},
		{"auto", false, env("FORCE_COLOR", "1"), true},
		{"auto", false, env("FORCE_COLOR", "0"), false},
		{"auto", true, env("NO_COLOR", "1", "FORCE_COLOR", "1"), false},
		{"always", false, env("NO_COLOR", "1"), true},
		{"never", true, env("FORCE_COLOR", "1"), false},
	} {
		got, err := UseColor(c.mode, c.terminal, c.env)
		if err != nil || got != c.want {
			t.Errorf("UseColor(%q, terminal=%v, NO_COLOR=%q FORCE_COLOR=%q) = %v, %v; want %v",
				c.mode, c.terminal, c.env("NO_COLOR"), c.env("FORCE_COLOR"), got, err, c.want)
		}
	}
	if _, err := UseColor("sometimes", true, env()); err == nil {
		t.Error("an unknown mode is accepted")
	}
}

// TestTextFrameEscapesControls lints a file whose line carries an ANSI
// colour sequence, an OSC title sequence and a bidirectional override: the
// frame must show them, not send them to the terminal, and the caret must
// still sit under the range.
func TestTextFrameEscapesControls(t *testing.T) {
	line := "const s = \"\x1b[2J\x1b]0;pwned\x07\u202e\"; let x = 1;\n"
	f := newFixture(t, map[string]string{"src/index.ts": line})
	d := f.diag(docStyle, "src/index.ts", "let x", 0, "after controls \x1b[31m")
	var b bytes.Buffer
	if err := Text(&b, f.res, Findings(f.res, []driver.Diagnostic{d}, f.dir), TextOptions{Frames: true}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, bad := range []string{"\x1b", "\x07", "\u202e"} {
		if strings.Contains(out, bad) {
			t.Errorf("output carries %q:\n%q", bad, out)
		}
	}
	want := "src/index.ts:1:30: info: after controls ␛[31m (namestyle)\n" +
		" 1 | const s = \"␛[2J␛]0;pwned␇\ufffd\"; let x = 1;\n" +
		"   |                              ^^^^^\n"
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}
