package output

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/internal/driver"
)

const longMessage = `class Presence is bound by DO binding PRESENCE but no migration creates it; deploy fails with "Cannot create binding for class 'Presence'" (code 10061); add "new_sqlite_classes": ["Presence"]`

// Each format shows the first sentence as the finding's message and the
// rest where that format keeps longer text.
func TestMessageDetail(t *testing.T) {
	f := newFixture(t, map[string]string{"src/index.ts": classTS})
	diags := []driver.Diagnostic{f.diag(docMigration, "src/index.ts", "Room", 0, longMessage)}
	fs := Findings(f.res, diags, f.dir)
	head := "class Presence is bound by DO binding PRESENCE but no migration creates it"
	detail := `deploy fails with "Cannot create binding for class 'Presence'" (code 10061); add "new_sqlite_classes": ["Presence"]`
	if fs[0].Message != head || fs[0].Detail != detail {
		t.Fatalf("finding: message %q, detail %q", fs[0].Message, fs[0].Detail)
	}

	// Text: the note follows the code frame, and also stands alone.
	var b bytes.Buffer
	if err := Text(&b, f.res, fs, TextOptions{Frames: true}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 4 || lines[0] != "src/index.ts:1:14: error: "+head+" (missingmigration)" || !strings.HasPrefix(lines[1], " 1 | ") || lines[3] != "  = note: "+detail {
		t.Errorf("text with frames:\n%s", b.String())
	}
	b.Reset()
	if err := Text(&b, f.res, fs, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if want := "src/index.ts:1:14: error: " + head + " (missingmigration)\n  = note: " + detail + "\n"; b.String() != want {
		t.Errorf("text:\n%s\nwant\n%s", b.String(), want)
	}

	// JSON: a "detail" key, left out when there is none.
	b.Reset()
	if err := JSON(&b, fs, Count(fs, 1, 1)); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Diagnostics []map[string]any `json:"diagnostics"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Diagnostics[0]["message"] != head || doc.Diagnostics[0]["detail"] != detail {
		t.Errorf("json: %v", doc.Diagnostics[0])
	}
	short := Findings(f.res, []driver.Diagnostic{f.diag(docMigration, "src/index.ts", "Room", 0, "one sentence")}, f.dir)
	b.Reset()
	if err := JSON(&b, short, Count(short, 1, 1)); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), `"detail"`) {
		t.Errorf("an empty detail is written:\n%s", b.String())
	}

	// GitHub: the annotation's message is the short one.
	b.Reset()
	if err := GitHub(&b, fs, f.dir); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(b.String(), "::"+head+"\n") {
		t.Errorf("github: %s", b.String())
	}

	// SARIF: text is the short message (the alert's title), markdown the
	// whole, escaped so that new_sqlite_classes is not read as emphasis.
	out, _ := writeSARIF(t, f, diags, "1.0.0")
	validateSARIF(t, out)
	var raw struct {
		Runs []struct {
			Results []struct {
				Message struct{ Text, Markdown string }
			}
		}
	}
	if err := json.Unmarshal(out, &raw); err != nil {
		t.Fatal(err)
	}
	m := raw.Runs[0].Results[0].Message
	if m.Text != head || !strings.HasPrefix(m.Markdown, head+"\n\n") || !strings.Contains(m.Markdown, `"new\_sqlite\_classes": \["Presence"\]`) {
		t.Errorf("sarif message: %+v", m)
	}
}
