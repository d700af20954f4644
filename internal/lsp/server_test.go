package lsp

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// client is the editor's side of a session, driven over an in-memory pipe.
type client struct {
	t    testing.TB
	conn jsonrpc2.Conn
	done chan error
	srv  *Server

	mu        sync.Mutex
	latest    map[protocol.DocumentURI]protocol.PublishDiagnosticsParams
	published chan protocol.PublishDiagnosticsParams
	progress  []string // kinds of $/progress values, in order
	created   int      // window/workDoneProgress/create requests
	watchers  []string // globs the server registered
}

func startServer(t testing.TB, opts Options) *client {
	t.Helper()
	serverEnd, clientEnd := net.Pipe()
	srv := New(opts)
	c := &client{
		srv:       srv,
		t:         t,
		done:      make(chan error, 1),
		latest:    map[protocol.DocumentURI]protocol.PublishDiagnosticsParams{},
		published: make(chan protocol.PublishDiagnosticsParams, 4096),
	}
	go func() { c.done <- srv.Serve(context.Background(), serverEnd) }()
	c.conn = jsonrpc2.NewConn(jsonrpc2.NewStream(clientEnd))
	c.conn.Go(context.Background(), func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		switch req.Method() {
		case protocol.MethodTextDocumentPublishDiagnostics:
			var p protocol.PublishDiagnosticsParams
			if err := json.Unmarshal(req.Params(), &p); err != nil {
				t.Errorf("publishDiagnostics: %v", err)
			}
			c.mu.Lock()
			c.latest[p.URI] = p
			c.mu.Unlock()
			c.published <- p
			return nil
		case protocol.MethodProgress:
			var p struct {
				Value struct{ Kind string } `json:"value"`
			}
			json.Unmarshal(req.Params(), &p)
			c.mu.Lock()
			c.progress = append(c.progress, p.Value.Kind)
			c.mu.Unlock()
			return nil
		case protocol.MethodWorkDoneProgressCreate:
			c.mu.Lock()
			c.created++
			c.mu.Unlock()
			return reply(ctx, nil, nil)
		case protocol.MethodClientRegisterCapability:
			var p protocol.RegistrationParams
			json.Unmarshal(req.Params(), &p)
			raw, _ := json.Marshal(p.Registrations[0].RegisterOptions)
			var o protocol.DidChangeWatchedFilesRegistrationOptions
			json.Unmarshal(raw, &o)
			c.mu.Lock()
			for _, w := range o.Watchers {
				c.watchers = append(c.watchers, w.GlobPattern)
			}
			c.mu.Unlock()
			return reply(ctx, nil, nil)
		case protocol.MethodWindowShowMessage:
			return nil
		}
		if _, ok := req.(*jsonrpc2.Call); ok {
			return reply(ctx, nil, jsonrpc2.ErrMethodNotFound)
		}
		return nil
	})
	return c
}

func (c *client) call(method string, params, result any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := c.conn.Call(ctx, method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) initialize() {
	c.t.Helper()
	var res protocol.InitializeResult
	c.call(protocol.MethodInitialize, &protocol.InitializeParams{
		Capabilities: protocol.ClientCapabilities{
			Window:    &protocol.WindowClientCapabilities{WorkDoneProgress: true},
			Workspace: &protocol.WorkspaceClientCapabilities{DidChangeWatchedFiles: &protocol.DidChangeWatchedFilesWorkspaceClientCapabilities{DynamicRegistration: true}},
		},
	}, &res)
	if res.ServerInfo == nil || res.ServerInfo.Name != "dolint" {
		c.t.Fatalf("serverInfo = %+v, want dolint", res.ServerInfo)
	}
	c.notify(protocol.MethodInitialized, &protocol.InitializedParams{})
}

// wait returns the diagnostics of u that satisfy ok: the last published,
// or the first published from now on. Each step of a test must change
// what it waits for, or it would pass on the state before the step.
func (c *client) wait(u protocol.DocumentURI, what string, ok func([]protocol.Diagnostic) bool) []protocol.Diagnostic {
	c.t.Helper()
	c.mu.Lock()
	last, seen := c.latest[u]
	c.mu.Unlock()
	if seen && ok(last.Diagnostics) {
		return last.Diagnostics
	}
	timeout := time.After(30 * time.Second)
	for {
		select {
		case p := <-c.published:
			if p.URI == u && ok(p.Diagnostics) {
				return p.Diagnostics
			}
		case <-timeout:
			c.mu.Lock()
			last := c.latest[u]
			c.mu.Unlock()
			c.t.Fatalf("no diagnostics for %s where %s; last published: %s", u, what, summary(last.Diagnostics))
			return nil
		}
	}
}

func (c *client) exit() {
	c.t.Helper()
	c.call(protocol.MethodShutdown, nil, nil)
	c.notify(protocol.MethodExit, nil)
	select {
	case err := <-c.done:
		if err != nil {
			c.t.Fatalf("Serve after shutdown and exit: %v", err)
		}
	case <-time.After(10 * time.Second):
		c.t.Fatal("the server did not stop after exit")
	}
}

func summary(ds []protocol.Diagnostic) string {
	var rules []string
	for _, d := range ds {
		rules = append(rules, codeOf(d))
	}
	sort.Strings(rules)
	return "[" + strings.Join(rules, " ") + "]"
}

func codeOf(d protocol.Diagnostic) string {
	s, _ := d.Code.(string)
	return s
}

func rulesAre(want ...string) func([]protocol.Diagnostic) bool {
	sort.Strings(want)
	return func(ds []protocol.Diagnostic) bool {
		return summary(ds) == "["+strings.Join(want, " ")+"]"
	}
}

func find(ds []protocol.Diagnostic, rule string) *protocol.Diagnostic {
	for i := range ds {
		if codeOf(ds[i]) == rule {
			return &ds[i]
		}
	}
	return nil
}

// copyFixture copies testdata/name into a fresh repository (a directory
// with .git, so that project lookup stops there; a real one without
// commits where git is installed, so that nohistory has no missing
// history to note) and returns its project directory.
func copyFixture(t testing.TB, name string) string {
	t.Helper()
	root := t.TempDir()
	if err := exec.Command("git", "init", "-q", root).Run(); err != nil {
		if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	src := filepath.Join("testdata", name)
	dst := filepath.Join(root, name)
	err := os.CopyFS(dst, os.DirFS(src))
	if err != nil {
		t.Fatal(err)
	}
	// The temporary directory may be reached through a link (macOS /var).
	dst, err = filepath.EvalSymlinks(dst)
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// applyEdits applies an editor's text edits, last first, as a client does.
func applyEdits(t testing.TB, text string, edits []protocol.TextEdit) string {
	t.Helper()
	l := newLines([]byte(text))
	type span struct {
		start, end int
		text       string
	}
	var spans []span
	for _, e := range edits {
		spans = append(spans, span{l.offset(e.Range.Start), l.offset(e.Range.End), e.NewText})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start > spans[j].start })
	for _, s := range spans {
		text = text[:s.start] + s.text + text[s.end:]
	}
	return text
}

func TestSession(t *testing.T) {
	dir := copyFixture(t, "room")
	srcPath := filepath.Join(dir, "src", "index.ts")
	cfgPath := filepath.Join(dir, "wrangler.jsonc")
	srcURI, cfgURI := uriOf(srcPath), uriOf(cfgPath)
	srcText, _ := os.ReadFile(srcPath)
	cfgText, _ := os.ReadFile(cfgPath)

	c := startServer(t, Options{})
	c.initialize()
	c.notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: srcURI, LanguageID: "typescript", Version: 1, Text: string(srcText)}})
	c.notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: cfgURI, LanguageID: "jsonc", Version: 1, Text: string(cfgText)}})

	ds := c.wait(srcURI, "supercall and hotspot", rulesAre("hotspot", "supercall"))
	super := find(ds, "supercall")
	if super.Range.Start.Line != 4 || super.Range.Start.Character != 4 || super.Severity != protocol.DiagnosticSeverityError || super.Source != "dolint" {
		t.Errorf("supercall diagnostic = %+v, want an error at 5:5 (0-based 4:4)", super)
	}
	if super.CodeDescription == nil || !strings.HasSuffix(string(super.CodeDescription.Href), "#supercall") {
		t.Errorf("supercall codeDescription = %+v, want the rule's documentation", super.CodeDescription)
	}
	c.wait(cfgURI, "the config is clean", rulesAre())
	c.mu.Lock()
	progress, created, watchers := strings.Join(c.progress, ","), c.created, c.watchers
	c.mu.Unlock()
	if created != 1 || progress != "begin,end" {
		t.Errorf("progress: %d tokens created, kinds %q; want one token with begin,end for the first run", created, progress)
	}
	if !contains(watchers, "**/.dolint.jsonc") {
		t.Errorf("registered watchers %q lack .dolint.jsonc", watchers)
	}

	// The config's unsaved text makes the class KV-backed: the finding
	// appears in the source, which was not edited, and in the config.
	kvCfg := strings.Replace(string(cfgText), "new_sqlite_classes", "new_classes", 1)
	c.notify(protocol.MethodTextDocumentDidChange, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: cfgURI}, Version: 2},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{{Text: kvCfg}},
	})
	ds = c.wait(srcURI, "sqlonkv appears after the config edit", rulesAre("hotspot", "sqlonkv", "supercall"))
	c.wait(cfgURI, "kvbackend in the edited config", rulesAre("kvbackend"))
	if onDisk, _ := os.ReadFile(cfgPath); string(onDisk) != string(cfgText) {
		t.Fatal("the server wrote the config")
	}

	// Hover on the new finding explains its rule.
	sqlonkv := find(ds, "sqlonkv")
	var hover protocol.Hover
	c.call(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: srcURI}, Position: sqlonkv.Range.Start,
	}}, &hover)
	doc := New(Options{}).docNamed("sqlonkv")
	if !strings.Contains(hover.Contents.Value, doc.Title) || !strings.Contains(hover.Contents.Value, sqlonkv.Message) || !strings.Contains(hover.Contents.Value, doc.URL()) {
		t.Errorf("hover = %q, want the message, the rule's title %q and its URL", hover.Contents.Value, doc.Title)
	}
	var none *protocol.Hover
	c.call(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: srcURI}, Position: protocol.Position{Line: 0, Character: 0},
	}}, &none)
	if none != nil {
		t.Errorf("hover away from findings = %+v, want none", none)
	}

	// The supercall fix, applied as the editor applies it, removes the
	// finding.
	var actions []protocol.CodeAction
	c.call(protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: srcURI},
		Range:        super.Range,
		Context:      protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{*super}},
	}, &actions)
	var quick *protocol.CodeAction
	for i, a := range actions {
		if a.Kind == protocol.QuickFix && len(a.Diagnostics) == 1 && codeOf(a.Diagnostics[0]) == "supercall" {
			quick = &actions[i]
		}
	}
	if quick == nil || quick.Edit == nil || len(quick.Edit.Changes[srcURI]) == 0 {
		t.Fatalf("code actions %+v: no supercall quick fix editing the source", actions)
	}
	if strings.Contains(quick.Title, "unsafe") || !quick.IsPreferred {
		t.Errorf("supercall fix %q: a safe fix is preferred and not called unsafe", quick.Title)
	}
	fixed := applyEdits(t, string(srcText), quick.Edit.Changes[srcURI])
	if !strings.Contains(fixed, "super(ctx, env)") {
		t.Fatalf("fixed source does not pass env:\n%s", fixed)
	}
	c.notify(protocol.MethodTextDocumentDidChange, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: srcURI}, Version: 2},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{{Text: fixed}},
	})
	c.wait(srcURI, "supercall is gone after its fix", rulesAre("hotspot", "sqlonkv"))

	// A suppression comment typed into the buffer silences the finding.
	ignored := strings.Replace(fixed, "    const rows", "    // dolint:ignore sqlonkv migrating to SQLite next release\n    const rows", 1)
	c.notify(protocol.MethodTextDocumentDidChange, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: srcURI}, Version: 3},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{{Text: ignored}},
	})
	c.wait(srcURI, "sqlonkv suppressed by a comment", rulesAre("hotspot"))

	// A .dolint.jsonc written on disk is read again when the client says
	// it changed.
	rc := filepath.Join(filepath.Dir(dir), ".dolint.jsonc")
	if err := os.WriteFile(rc, []byte(`{ "rules": { "hotspot": "off", "kvbackend": "error" } }`), 0o644); err != nil {
		t.Fatal(err)
	}
	c.notify(protocol.MethodWorkspaceDidChangeWatchedFiles, &protocol.DidChangeWatchedFilesParams{Changes: []*protocol.FileEvent{{URI: uriOf(rc), Type: protocol.FileChangeTypeCreated}}})
	c.wait(srcURI, "hotspot turned off by .dolint.jsonc", rulesAre())
	cfgDiags := c.wait(cfgURI, "kvbackend raised to an error", func(ds []protocol.Diagnostic) bool {
		d := find(ds, "kvbackend")
		return d != nil && d.Severity == protocol.DiagnosticSeverityError
	})
	if len(cfgDiags) != 1 {
		t.Errorf("config diagnostics = %s, want kvbackend alone", summary(cfgDiags))
	}

	// A mistake in .dolint.jsonc is a diagnostic on it, and the rules run
	// with their defaults meanwhile; mending it clears the diagnostic.
	if err := os.WriteFile(rc, []byte("{\n  \"rules\": { \"hotspots\": \"off\" }\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.notify(protocol.MethodWorkspaceDidChangeWatchedFiles, &protocol.DidChangeWatchedFilesParams{Changes: []*protocol.FileEvent{{URI: uriOf(rc), Type: protocol.FileChangeTypeChanged}}})
	bad := c.wait(uriOf(rc), "the unknown rule reported", rulesAre("dolintconfig"))
	if bad[0].Range.Start.Line != 1 || !strings.Contains(bad[0].Message, "hotspots") {
		t.Errorf(".dolint.jsonc diagnostic = %+v, want the unknown rule on line 2", bad[0])
	}
	c.wait(srcURI, "defaults while .dolint.jsonc is broken", rulesAre("hotspot"))
	if err := os.WriteFile(rc, []byte(`{}`), 0o644); err != nil {
		t.Fatal(err)
	}
	c.notify(protocol.MethodTextDocumentDidSave, &protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: uriOf(rc)}})
	c.wait(uriOf(rc), "the mended .dolint.jsonc is clean", rulesAre())

	c.exit()
}

func TestFixAllSafe(t *testing.T) {
	dir := copyFixture(t, "room")
	srcPath := filepath.Join(dir, "src", "index.ts")
	srcURI := uriOf(srcPath)
	srcText, _ := os.ReadFile(srcPath)
	// A second class that drops env gives the file two safe fixes.
	text := string(srcText) + `
export class Other extends DurableObject {
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx);
  }
}
`
	c := startServer(t, Options{})
	c.initialize()
	c.notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: srcURI, Version: 1, Text: text}})
	ds := c.wait(srcURI, "two supercall findings", rulesAre("hotspot", "supercall", "supercall"))

	var actions []protocol.CodeAction
	c.call(protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: srcURI},
		Range:        protocol.Range{},
		Context:      protocol.CodeActionContext{Diagnostics: ds, Only: []protocol.CodeActionKind{"source.fixAll"}},
	}, &actions)
	if len(actions) != 1 || actions[0].Kind != fixAllKind || actions[0].Edit == nil {
		t.Fatalf("source.fixAll actions = %+v, want the fix-all action alone", actions)
	}
	fixed := applyEdits(t, text, actions[0].Edit.Changes[srcURI])
	if n := strings.Count(fixed, "super(ctx, env)"); n != 2 {
		t.Fatalf("fix all passed env in %d constructors, want 2:\n%s", n, fixed)
	}
	c.notify(protocol.MethodTextDocumentDidChange, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: srcURI}, Version: 2},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{{Text: fixed}},
	})
	c.wait(srcURI, "only hotspot (no fix) remains", rulesAre("hotspot"))
	c.exit()
}

func TestExitWithoutShutdown(t *testing.T) {
	c := startServer(t, Options{})
	c.initialize()
	c.notify(protocol.MethodExit, nil)
	select {
	case err := <-c.done:
		if err != ErrNoShutdown {
			t.Fatalf("Serve = %v, want ErrNoShutdown", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not stop after exit")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestUnchangedNotResent checks that an edit republishes the files whose
// findings or version changed, and leaves the others alone.
func TestUnchangedNotResent(t *testing.T) {
	dir := copyFixture(t, "room")
	srcPath, cfgPath := filepath.Join(dir, "src", "index.ts"), filepath.Join(dir, "wrangler.jsonc")
	srcURI, cfgURI := uriOf(srcPath), uriOf(cfgPath)
	srcText, _ := os.ReadFile(srcPath)
	cfgText, _ := os.ReadFile(cfgPath)
	// The config has a finding of its own, which no edit below changes.
	kvCfg := strings.Replace(string(cfgText), "new_sqlite_classes", "new_classes", 1)

	c := startServer(t, Options{})
	c.initialize()
	c.notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: cfgURI, Version: 1, Text: kvCfg}})
	c.notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: srcURI, Version: 1, Text: string(srcText)}})
	c.wait(cfgURI, "kvbackend", rulesAre("kvbackend"))
	c.wait(srcURI, "sqlonkv", rulesAre("hotspot", "sqlonkv", "supercall"))
	// A hover waits for the run of the source's version, whose
	// notifications are all written before its reply. The opens may have
	// made two runs (the config's alone, then both), each publishing the
	// source: only what the edits publish is counted.
	hover := func() {
		var h *protocol.Hover
		c.call(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
			TextDocument: protocol.TextDocumentIdentifier{URI: srcURI}, Position: protocol.Position{Line: 4, Character: 4},
		}}, &h)
	}
	count := func() (src, cfg int) {
		for {
			select {
			case p := <-c.published:
				switch p.URI {
				case srcURI:
					src++
				case cfgURI:
					cfg++
				}
				continue
			default:
			}
			return src, cfg
		}
	}
	hover()
	count()

	for v := int32(2); v <= 4; v++ {
		c.notify(protocol.MethodTextDocumentDidChange, &protocol.DidChangeTextDocumentParams{
			TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: srcURI}, Version: v},
			ContentChanges: []protocol.TextDocumentContentChangeEvent{{Text: string(srcText) + strings.Repeat("\n", int(v))}},
		})
		hover()
	}
	src, cfg := count()
	if src != 3 || cfg != 0 {
		t.Errorf("after 3 edits of the source: %d publications for it, %d for the unchanged config; want 3 and 0", src, cfg)
	}
	c.exit()
}

// TestDiskChange checks that a file that is not open, changed on disk by
// another tool, is read again when the client reports the change.
func TestDiskChange(t *testing.T) {
	dir := copyFixture(t, "room")
	srcPath, cfgPath := filepath.Join(dir, "src", "index.ts"), filepath.Join(dir, "wrangler.jsonc")
	srcURI, cfgURI := uriOf(srcPath), uriOf(cfgPath)
	srcText, _ := os.ReadFile(srcPath)
	cfgText, _ := os.ReadFile(cfgPath)

	c := startServer(t, Options{})
	c.initialize()
	c.notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: cfgURI, Version: 1, Text: string(cfgText)}})
	c.wait(srcURI, "the findings of the unopened source", rulesAre("hotspot", "supercall"))

	// The same size and, below, the same modification time, as a coarse
	// clock can give two writes.
	fixed := strings.Replace(string(srcText), "    super(ctx);", "super(ctx,env);", 1)
	if len(fixed) != len(srcText) || fixed == string(srcText) {
		t.Fatal("the fixture changed shape")
	}
	info, _ := os.Stat(srcPath)
	if err := os.WriteFile(srcPath, []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(srcPath, info.ModTime(), info.ModTime())
	c.notify(protocol.MethodWorkspaceDidChangeWatchedFiles, &protocol.DidChangeWatchedFilesParams{Changes: []*protocol.FileEvent{{URI: srcURI, Type: protocol.FileChangeTypeChanged}}})
	c.wait(srcURI, "supercall gone after the write", rulesAre("hotspot"))
	c.exit()
}

// An edit after a quiet spell is linted at once; edits that follow it
// closely wait for the debounce, or for a request that needs them. With
// an hour's debounce, only the first can be published within the test.
func TestQuietEditNotDebounced(t *testing.T) {
	dir := copyFixture(t, "room")
	srcPath := filepath.Join(dir, "src", "index.ts")
	srcURI := uriOf(srcPath)
	srcText, _ := os.ReadFile(srcPath)

	c := startServer(t, Options{Debounce: time.Hour})
	c.initialize()
	c.notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: srcURI, Version: 1, Text: string(srcText)}})
	c.wait(srcURI, "the document was opened", func([]protocol.Diagnostic) bool { return true })

	// Within the hour: debounced, until the hover asks for this version.
	anchor := "Promise<Response> {\n"
	if !strings.Contains(string(srcText), anchor) {
		t.Fatal("the fixture changed shape")
	}
	withTimer := strings.Replace(string(srcText), anchor, anchor+"    setInterval(() => {}, 1000);\n", 1)
	c.notify(protocol.MethodTextDocumentDidChange, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: srcURI}, Version: 2},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{{Text: withTimer}},
	})
	var h *protocol.Hover
	c.call(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: srcURI}, Position: protocol.Position{Line: 0, Character: 0},
	}}, &h)
	c.wait(srcURI, "the edit added a timer", func(ds []protocol.Diagnostic) bool {
		for _, d := range ds {
			if codeOf(d) == "timers" {
				return true
			}
		}
		return false
	})
}
