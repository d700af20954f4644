package lsp

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dolint-dev/dolint/internal/benchproject"
	"go.lsp.dev/protocol"
)

// TestFileSetKept checks that a run after an edit reuses the FileSet of
// the run before, adding only the edited module to it rather than parsing
// the whole project again, and that a FileSet grown past its bound is
// renewed.
func TestFileSetKept(t *testing.T) {
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	benchproject.WriteSmall(t, root, 0)
	edited := filepath.Join(root, "src", "room.ts")
	text, _ := os.ReadFile(edited)
	cfg, _ := os.ReadFile(filepath.Join(root, "wrangler.jsonc"))
	const edit = "\n// edit\n"

	c := startServer(t, Options{})
	c.initialize()
	c.notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: uriOf(edited), Version: 1, Text: string(text)}})
	c.settleVersion(edited, 1)
	g := c.srv.groups[root]
	first, base := g.fset, g.fset.Base()

	for v := int32(2); v <= 4; v++ {
		c.notify(protocol.MethodTextDocumentDidChange, &protocol.DidChangeTextDocumentParams{
			TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uriOf(edited)}, Version: v},
			ContentChanges: []protocol.TextDocumentContentChangeEvent{{Text: string(text) + edit}},
		})
		c.settleVersion(edited, v)
	}
	if g.fset != first {
		t.Fatal("a run after an edit took a new FileSet")
	}
	// Each run adds the edited module and the config, which is read anew
	// every run; index.ts, unchanged, is not parsed again.
	if grown, most := g.fset.Base()-base, 3*(len(text)+len(edit)+1+len(cfg)+1); grown > most {
		t.Errorf("the FileSet grew by %d bytes over three edits, more than the %d of the edited module and the config: unchanged modules were parsed again", grown, most)
	}

	// Past its bound, the next run starts a new FileSet.
	g.fsetStart = 1
	for g.fset.Base() <= 1+fsetSlack {
		g.fset.AddFile("padding", -1, fsetSlack)
	}
	c.notify(protocol.MethodTextDocumentDidChange, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uriOf(edited)}, Version: 5},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{{Text: string(text)}},
	})
	c.settleVersion(edited, 5)
	if g.fset == first {
		t.Error("a FileSet past its bound was kept")
	}
	c.exit()
}

// settleVersion waits until the server has taken version v of path, then
// until its project is linted: a notification returns once sent, and
// settling before the server has read it would wait for the run before.
func (c *client) settleVersion(path string, v int32) {
	c.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		c.srv.mu.Lock()
		d := c.srv.docs[path]
		got := d != nil && d.version >= v
		c.srv.mu.Unlock()
		if got {
			break
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("the server never took version %d of %s", v, path)
		}
		time.Sleep(time.Millisecond)
	}
	c.srv.settle(path)
}
