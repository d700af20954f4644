package output

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/internal/driver"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/<name>, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (go test -update rewrites it)\n--- got\n%s--- want\n%s", path, got, want)
	}
}

func TestGitHubGolden(t *testing.T) {
	f, diags := richFixture(t)
	// A message with every character a workflow command must escape.
	tricky := f.diag(docAlarm, "apps/chat/src/index.ts", "this.ctx", 0, "100% awake, always:\r\nsee alarm()")
	diags = append(diags, tricky)
	var b bytes.Buffer
	if err := GitHub(&b, Findings(f.res, diags, f.path("apps")), f.dir); err != nil {
		t.Fatal(err)
	}
	golden(t, "github.golden", b.Bytes())

	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != len(diags) {
		t.Fatalf("%d lines for %d findings: a message broke a command across lines", len(lines), len(diags))
	}
	for i, want := range []string{"::error ", "::error ", "::notice ", "::warning "} {
		if !strings.HasPrefix(lines[i], want) {
			t.Errorf("line %d: %q, want prefix %q", i, lines[i], want)
		}
	}
	// Paths are relative to the root, not to the directory the findings
	// were resolved against.
	if !strings.Contains(lines[0], "file=apps/chat/wrangler.jsonc,line=3,") {
		t.Errorf("line 0 is not annotated on the root-relative file: %s", lines[0])
	}
	if !strings.HasSuffix(lines[3], "::100%25 awake, always:%0D%0Asee alarm()") {
		t.Errorf("message not escaped: %s", lines[3])
	}
}

func TestGitHubEscapesProperties(t *testing.T) {
	// A file name with , and : must not end the property or the command.
	f := newFixture(t, map[string]string{"a,b:c/wrangler.jsonc": workerConfig})
	d := f.diag(docMigration, "a,b:c/wrangler.jsonc", `"Room"`, 0, "m")
	var b bytes.Buffer
	if err := GitHub(&b, Findings(f.res, []driver.Diagnostic{d}, f.dir), f.dir); err != nil {
		t.Fatal(err)
	}
	if want := "::error file=a%2Cb%3Ac/wrangler.jsonc,line=3,"; !strings.HasPrefix(b.String(), want) {
		t.Errorf("got %s, want prefix %s", b.String(), want)
	}
}

func TestGitHubRelated(t *testing.T) {
	f, diags := richFixture(t)
	var b bytes.Buffer
	if err := GitHub(&b, Findings(f.res, diags[:1], f.dir), f.dir); err != nil {
		t.Fatal(err)
	}
	if want := "%0Aapps/chat/src/index.ts:3:14: class Room is declared here\n"; !strings.HasSuffix(b.String(), want) {
		t.Errorf("related location missing: %s", b.String())
	}
}
