// Package lsp is dolint's language server: findings as the user types,
// fixes as code actions and rule documentation on hover.
//
// A finding about a class may sit in its source while its cause is in
// wrangler.jsonc, and the other way round, so the server never lints a
// lone file: an edit marks the whole project that holds the file (every
// wrangler config of its directory) for a new run over the editor's
// unsaved contents, and the findings of every file of the project are
// published again.
package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/token"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/dolint-dev/dolint/analyzers/all"
	"github.com/dolint-dev/dolint/analyzers/source"
	"github.com/dolint-dev/dolint/internal/discover"
	"github.com/dolint-dev/dolint/internal/driver"
	"github.com/dolint-dev/dolint/internal/lintconfig"
	"github.com/dolint-dev/dolint/internal/rule"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// DefaultDebounce is how long the server waits after an edit before it
// lints, when the edit follows another within that time or a run of its
// project is under way: long enough that a burst of keystrokes costs one
// more run, short enough that the findings follow the typing. The first
// edit after a quiet spell is linted at once, so that a single change is
// not made to wait for edits that do not come.
const DefaultDebounce = 30 * time.Millisecond

// Options configure a server.
type Options struct {
	// Debounce is the quiet time after an edit before a run; 0 means
	// DefaultDebounce, a negative value none.
	Debounce time.Duration
	// Version is reported to the client in serverInfo.
	Version string
}

// Server is one client's session.
type Server struct {
	opts Options
	conn jsonrpc2.Conn

	mu   sync.Mutex
	cond *sync.Cond
	docs map[string]*document // open documents by absolute path
	// groupOf caches the project directory of a file ("" when the file is
	// in no project); a wrangler config that appears or goes resets it.
	groupOf map[string]string
	groups  map[string]*group // by project directory
	// diags are the findings last published, by file and then by the
	// project directory that produced them: a module that two projects
	// reach shows the findings of both.
	diags  map[string]map[string][]*finding
	sent   map[string]string // the last publishDiagnostics of each file, as JSON
	loader *lintconfig.Loader
	disk   diskCache
	cfgs   map[string]*lintconfig.Config // by wrangler config path, for rule options
	rules  *rule.Set

	progress  bool // the client shows $/progress
	watch     bool // the client lets the server register file watchers
	shutdown  bool
	closed    bool
	firstDone bool
	wake      chan struct{}
	progressN int
}

// document is an open file's unsaved contents.
type document struct {
	uri     protocol.DocumentURI
	version int32
	text    []byte
}

// group is the projects of one directory, linted together.
type group struct {
	dir   string
	gen   int  // bumped by every change that concerns the group
	done  int  // the gen the last finished run saw
	ready bool // its debounce has elapsed (or a request wants it now)
	// running is set while the worker lints the group, and last is when
	// it was last changed: an edit during a run or a burst waits out the
	// debounce, the first after a quiet spell does not.
	running bool
	last    time.Time
	timer   *time.Timer
	files   map[string]bool // files it published findings for
	// fset is kept from run to run, and with it the trees of the files
	// whose contents did not change, which the source analyzer keeps per
	// FileSet. Every run adds the files it parses anew, so once the
	// FileSet has taken in twice the project's source again (at least
	// fsetSlack bytes) it is dropped for a fresh one: memory stays within
	// a few times the project, at the price of one full run now and then.
	// Only the worker touches it.
	fset      *token.FileSet
	fsetStart int // the FileSet's size after its first run
}

const fsetSlack = 256 << 10

// keepSource is how much source the trees kept between runs may span: a
// large project whole, since an edit changes one file and the others'
// trees, and what rules found in them, serve the next run.
const keepSource = 64 << 20

// finding is a published diagnostic with what its code actions need.
type finding struct {
	diag  protocol.Diagnostic
	rule  string
	doc   *rule.Doc // nil for a finding of no rule (a .dolint.jsonc mistake)
	fixes []fixAction
}

type fixAction struct {
	title  string
	safety rule.FixSafety
	edits  map[string][]protocol.TextEdit // by absolute path
	spans  map[string][][2]int            // byte ranges of edits, for overlap checks
}

// New returns a server; Serve runs it.
func New(opts Options) *Server {
	if opts.Debounce == 0 {
		opts.Debounce = DefaultDebounce
	}
	s := &Server{
		opts:    opts,
		docs:    map[string]*document{},
		groupOf: map[string]string{},
		groups:  map[string]*group{},
		diags:   map[string]map[string][]*finding{},
		sent:    map[string]string{},
		cfgs:    map[string]*lintconfig.Config{},
		wake:    make(chan struct{}, 1),
		rules:   all.Rules(),
	}
	s.cond = sync.NewCond(&s.mu)
	s.resetLoader()
	return s
}

func (s *Server) resetLoader() {
	s.loader = &lintconfig.Loader{Rules: s.rules}
}

// ErrNoShutdown is returned by Serve when the client exited without asking
// the server to shut down first; the LSP specification wants exit code 1.
var ErrNoShutdown = errors.New("exit without shutdown")

// Serve speaks the protocol over rwc until the client exits or the stream
// ends.
func (s *Server) Serve(ctx context.Context, rwc io.ReadWriteCloser) error {
	s.conn = jsonrpc2.NewConn(jsonrpc2.NewStream(rwc))
	exited := make(chan struct{})
	var once sync.Once
	s.conn.Go(ctx, func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		if req.Method() == protocol.MethodExit {
			once.Do(func() { close(exited) })
			return nil
		}
		return s.handle(ctx, reply, req)
	})
	workerDone := make(chan struct{})
	go func() { s.worker(); close(workerDone) }()
	select {
	case <-exited:
	case <-s.conn.Done():
	case <-ctx.Done():
	}
	s.mu.Lock()
	s.closed = true
	for _, g := range s.groups {
		if g.timer != nil {
			g.timer.Stop()
		}
	}
	shutdown := s.shutdown
	s.cond.Broadcast()
	s.mu.Unlock()
	s.signal()
	<-workerDone
	s.conn.Close()
	if !shutdown {
		return ErrNoShutdown
	}
	return nil
}

func (s *Server) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	switch req.Method() {
	case protocol.MethodInitialize:
		var p protocol.InitializeParams
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			return reply(ctx, nil, badParams(err))
		}
		s.mu.Lock()
		if w := p.Capabilities.Window; w != nil {
			s.progress = w.WorkDoneProgress
		}
		if ws := p.Capabilities.Workspace; ws != nil && ws.DidChangeWatchedFiles != nil {
			s.watch = ws.DidChangeWatchedFiles.DynamicRegistration
		}
		s.mu.Unlock()
		return reply(ctx, s.initializeResult(), nil)
	case protocol.MethodInitialized:
		s.mu.Lock()
		watch := s.watch
		s.mu.Unlock()
		if watch {
			// A request from inside the handler would wait for a reply
			// that this very goroutine has to read.
			go s.registerWatchers(ctx)
		}
		return nil
	case protocol.MethodShutdown:
		s.mu.Lock()
		s.shutdown = true
		s.mu.Unlock()
		return reply(ctx, nil, nil)
	case protocol.MethodTextDocumentDidOpen:
		var p protocol.DidOpenTextDocumentParams
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			return nil
		}
		s.open(p.TextDocument.URI, p.TextDocument.Version, []byte(p.TextDocument.Text))
		return nil
	case protocol.MethodTextDocumentDidChange:
		var p protocol.DidChangeTextDocumentParams
		if err := json.Unmarshal(req.Params(), &p); err != nil || len(p.ContentChanges) == 0 {
			return nil
		}
		// The server asks for whole documents, so the last change is the text.
		s.change(p.TextDocument.URI, p.TextDocument.Version, []byte(p.ContentChanges[len(p.ContentChanges)-1].Text))
		return nil
	case protocol.MethodTextDocumentDidClose:
		var p protocol.DidCloseTextDocumentParams
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			return nil
		}
		s.close(p.TextDocument.URI)
		return nil
	case protocol.MethodTextDocumentDidSave:
		var p protocol.DidSaveTextDocumentParams
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			return nil
		}
		if path, ok := pathOf(p.TextDocument.URI); ok {
			s.diskChanged([]string{path})
		}
		return nil
	case protocol.MethodWorkspaceDidChangeWatchedFiles:
		var p protocol.DidChangeWatchedFilesParams
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			return nil
		}
		var paths []string
		for _, c := range p.Changes {
			if path, ok := pathOf(c.URI); ok {
				paths = append(paths, path)
			}
		}
		s.diskChanged(paths)
		return nil
	case protocol.MethodTextDocumentCodeAction:
		var p protocol.CodeActionParams
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			return reply(ctx, nil, badParams(err))
		}
		// Waiting for a run must not hold up the notifications behind it.
		go func() { reply(ctx, s.codeActions(p), nil) }()
		return nil
	case protocol.MethodTextDocumentHover:
		var p protocol.HoverParams
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			return reply(ctx, nil, badParams(err))
		}
		go func() {
			if h := s.hover(p); h != nil {
				reply(ctx, h, nil)
				return
			}
			reply(ctx, nil, nil)
		}()
		return nil
	case "$/cancelRequest", "$/setTrace", protocol.MethodWorkspaceDidChangeConfiguration:
		return nil
	}
	if isNotification(req) {
		return nil
	}
	return jsonrpc2.MethodNotFoundHandler(ctx, reply, req)
}

func isNotification(req jsonrpc2.Request) bool {
	_, ok := req.(*jsonrpc2.Notification)
	return ok
}

func badParams(err error) error {
	return fmt.Errorf("%w: %v", jsonrpc2.ErrInvalidParams, err)
}

func (s *Server) initializeResult() *protocol.InitializeResult {
	return &protocol.InitializeResult{
		Capabilities: protocol.ServerCapabilities{
			TextDocumentSync: protocol.TextDocumentSyncOptions{
				OpenClose: true,
				Change:    protocol.TextDocumentSyncKindFull,
				Save:      &protocol.SaveOptions{},
			},
			HoverProvider: true,
			CodeActionProvider: protocol.CodeActionOptions{
				CodeActionKinds: []protocol.CodeActionKind{protocol.QuickFix, fixAllKind},
			},
		},
		ServerInfo: &protocol.ServerInfo{Name: "dolint", Version: s.opts.Version},
	}
}

// fixAllKind is the kind of "fix all safe in file": a source action, so
// that an editor's fix-all-on-save setting can run it.
const fixAllKind protocol.CodeActionKind = "source.fixAll.dolint"

// registerWatchers asks the client to report changes to the files that
// change what dolint reports but that the user rarely has open:
// .dolint.jsonc, wrangler configs, and sources edited by other tools.
func (s *Server) registerWatchers(ctx context.Context) {
	globs := []string{"**/" + lintconfig.FileName, "**/wrangler.{jsonc,json,toml}", "**/wrangler.*.{jsonc,json,toml}", "**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"}
	var watchers []protocol.FileSystemWatcher
	for _, g := range globs {
		watchers = append(watchers, protocol.FileSystemWatcher{GlobPattern: g})
	}
	params := protocol.RegistrationParams{Registrations: []protocol.Registration{{
		ID:              "dolint-watch",
		Method:          protocol.MethodWorkspaceDidChangeWatchedFiles,
		RegisterOptions: protocol.DidChangeWatchedFilesRegistrationOptions{Watchers: watchers},
	}}}
	s.conn.Call(ctx, protocol.MethodClientRegisterCapability, params, nil)
}

// pathOf turns a file URI into an absolute path.
func pathOf(u protocol.DocumentURI) (string, bool) {
	parsed, err := url.Parse(string(u))
	if err != nil || parsed.Scheme != "file" {
		return "", false
	}
	p := parsed.Path
	if runtime.GOOS == "windows" {
		p = strings.TrimPrefix(p, "/")
	}
	return filepath.Clean(filepath.FromSlash(p)), true
}

func uriOf(path string) protocol.DocumentURI { return uri.File(path) }

func (s *Server) open(u protocol.DocumentURI, version int32, text []byte) {
	path, ok := pathOf(u)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.docs[path] = &document{uri: u, version: version, text: text}
	s.touch(path, s.opts.Debounce)
}

func (s *Server) change(u protocol.DocumentURI, version int32, text []byte) {
	path, ok := pathOf(u)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[path]
	if d == nil {
		d = &document{uri: u}
		s.docs[path] = d
	}
	d.version, d.text = version, text
	s.touch(path, s.opts.Debounce)
}

func (s *Server) close(u protocol.DocumentURI) {
	path, ok := pathOf(u)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.docs, path)
	// The file now reads from disk, which may differ from what was open.
	s.touch(path, s.opts.Debounce)
}

// diskChanged handles files written outside the editor buffers (or
// saved): a .dolint.jsonc is read again, a wrangler config may make or
// end a project, and any other file may be read by a project.
func (s *Server) diskChanged(paths []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range paths {
		s.disk.forget(p)
		base := filepath.Base(p)
		switch {
		case base == lintconfig.FileName:
			s.resetLoader()
			for _, g := range s.groups {
				s.dirty(g, s.opts.Debounce)
			}
		case isConfigName(base):
			clear(s.groupOf)
			for _, g := range s.groups {
				if within(p, g.dir) {
					s.dirty(g, s.opts.Debounce)
				}
			}
			s.touch(p, s.opts.Debounce)
		default:
			for _, g := range s.groups {
				if within(p, g.dir) {
					s.dirty(g, s.opts.Debounce)
				}
			}
		}
	}
}

func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// isConfigName matches the names discover accepts as wrangler configs.
func isConfigName(base string) bool {
	if !strings.HasPrefix(base, "wrangler.") {
		return false
	}
	switch filepath.Ext(base) {
	case ".jsonc", ".json", ".toml":
		return true
	}
	return false
}

// touch marks the project that holds path for a run after delay. The
// caller holds s.mu.
func (s *Server) touch(path string, delay time.Duration) *group {
	dir, ok := s.groupOf[path]
	if !ok {
		dir = projectDir(path)
		s.groupOf[path] = dir
	}
	if dir == "" {
		return nil
	}
	g := s.groups[dir]
	if g == nil {
		g = &group{dir: dir, files: map[string]bool{}}
		s.groups[dir] = g
	}
	s.dirty(g, delay)
	return g
}

func (s *Server) dirty(g *group, delay time.Duration) {
	g.gen++
	now := time.Now()
	quiet := now.Sub(g.last) >= delay && !g.running
	g.last = now
	// A run already due (not started) reads the documents when it starts,
	// so it takes this change too.
	if delay <= 0 || quiet || g.ready {
		if g.timer != nil {
			g.timer.Stop()
		}
		g.ready = true
		s.signal()
		return
	}
	g.ready = false
	if g.timer == nil {
		g.timer = time.AfterFunc(delay, func() {
			s.mu.Lock()
			g.ready = true
			s.mu.Unlock()
			s.signal()
		})
		return
	}
	g.timer.Reset(delay)
}

func (s *Server) signal() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// projectDir is the nearest directory at or above path's that holds a
// wrangler config, looking no higher than the repository root, or "".
func projectDir(path string) string {
	dir := path
	if fi, err := os.Stat(path); err != nil || !fi.IsDir() {
		dir = filepath.Dir(path)
	}
	root := lintconfig.GitRoot(dir)
	for {
		if hasConfig(dir) {
			return dir
		}
		if dir == root {
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

func hasConfig(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if !e.IsDir() && isConfigName(e.Name()) {
			return true
		}
	}
	return false
}

// worker runs the groups whose debounce has elapsed, one at a time: the
// machine's cores go to the driver, which lints a group's projects in
// parallel.
func (s *Server) worker() {
	for range s.wake {
		for {
			s.mu.Lock()
			if s.closed {
				s.mu.Unlock()
				return
			}
			var next *group
			for _, g := range s.groups {
				if g.ready && g.done < g.gen {
					next = g
					break
				}
			}
			if next == nil {
				s.mu.Unlock()
				break
			}
			next.running = true
			s.mu.Unlock()
			s.analyze(next)
			s.mu.Lock()
			next.running = false
			s.mu.Unlock()
		}
	}
}

// settle waits until the project holding path has been linted with every
// change made so far, running it at once rather than after the debounce.
func (s *Server) settle(path string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	dir, ok := s.groupOf[path]
	if !ok {
		s.touch(path, -1)
		dir = s.groupOf[path]
	}
	g := s.groups[dir]
	if g == nil {
		return
	}
	for g.done < g.gen && !s.closed {
		if !g.ready {
			g.ready = true
			if g.timer != nil {
				g.timer.Stop()
			}
			s.signal()
		}
		s.cond.Wait()
	}
}

// settings gives rules the options and severities of the project's
// .dolint.jsonc.
func (s *Server) settings(p *driver.Project) rule.Config {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cfg := s.cfgs[p.Config]; cfg != nil {
		return cfg
	}
	return nil
}

// analyze lints one group over the open documents and publishes what
// changed.
func (s *Server) analyze(g *group) {
	s.mu.Lock()
	gen := g.gen
	g.ready = false
	overlay := make(map[string][]byte, len(s.docs))
	versions := map[string]*document{}
	for path, d := range s.docs {
		overlay[path] = d.text
		versions[path] = d
	}
	loader := s.loader
	first := !s.firstDone
	s.firstDone = true
	progress := s.progress
	s.mu.Unlock()

	var prog *protocol.ProgressToken
	if first && progress {
		prog = s.beginProgress(g.dir)
	}
	if g.fset == nil || g.fset.Base()-g.fsetStart > max(2*g.fsetStart, fsetSlack) {
		g.fset, g.fsetStart = token.NewFileSet(), 0
		source.KeepRecent(g.fset, keepSource)
	}
	findings, err := s.lint(g.dir, g.fset, loader, overlay)
	if g.fsetStart == 0 {
		g.fsetStart = g.fset.Base()
	}
	if prog != nil {
		s.conn.Notify(context.Background(), protocol.MethodProgress, &protocol.ProgressParams{
			Token: *prog,
			Value: &protocol.WorkDoneProgressEnd{Kind: protocol.WorkDoneProgressKindEnd},
		})
	}
	if err != nil {
		// A log, not a message box: the same failure comes back with every
		// keystroke until the input is mended.
		s.conn.Notify(context.Background(), protocol.MethodWindowLogMessage, &protocol.LogMessageParams{
			Type: protocol.MessageTypeError, Message: "dolint: " + err.Error(),
		})
	}

	s.mu.Lock()
	var publish []string
	for file := range g.files {
		if findings[file] == nil {
			publish = append(publish, file)
			delete(g.files, file)
			if m := s.diags[file]; m != nil {
				delete(m, g.dir)
			}
		}
	}
	for file, fs := range findings {
		g.files[file] = true
		m := s.diags[file]
		if m == nil {
			m = map[string][]*finding{}
			s.diags[file] = m
		}
		m[g.dir] = fs
		publish = append(publish, file)
	}
	// An open file of the project whose findings went or never were still
	// hears that its new version is clean.
	for path := range versions {
		if findings[path] == nil && s.groupOf[path] == g.dir && !g.files[path] {
			publish = append(publish, path)
		}
	}
	var notes []protocol.PublishDiagnosticsParams
	seen := map[string]bool{}
	for _, file := range publish {
		if seen[file] {
			continue
		}
		seen[file] = true
		p := protocol.PublishDiagnosticsParams{URI: uriOf(file), Diagnostics: []protocol.Diagnostic{}}
		if d := versions[file]; d != nil {
			p.URI = d.uri
			p.Version = uint32(d.version)
		}
		// Projects in a fixed order, so that the same findings publish
		// alike and an unchanged file can be left alone.
		dirs := make([]string, 0, len(s.diags[file]))
		for dir := range s.diags[file] {
			dirs = append(dirs, dir)
		}
		sort.Strings(dirs)
		for _, dir := range dirs {
			for _, f := range s.diags[file][dir] {
				p.Diagnostics = append(p.Diagnostics, f.diag)
			}
		}
		if len(s.diags[file]) == 0 {
			delete(s.diags, file)
		}
		// A file whose findings and version are what the client already
		// has is not sent again: a project with findings in many files
		// would otherwise redraw them all on every keystroke.
		key, _ := json.Marshal(&p)
		if string(key) == s.sent[file] {
			continue
		}
		if len(p.Diagnostics) == 0 && versions[file] == nil {
			delete(s.sent, file)
		} else {
			s.sent[file] = string(key)
		}
		notes = append(notes, p)
	}
	g.done = gen
	s.mu.Unlock()

	for i := range notes {
		s.conn.Notify(context.Background(), protocol.MethodTextDocumentPublishDiagnostics, &notes[i])
	}
	// Waiters are woken after the notifications are written, so that a
	// client sees the findings before the reply of a request that waited.
	s.mu.Lock()
	s.cond.Broadcast()
	s.mu.Unlock()
}

func (s *Server) beginProgress(dir string) *protocol.ProgressToken {
	s.mu.Lock()
	s.progressN++
	token := protocol.NewProgressToken(fmt.Sprintf("dolint-%d", s.progressN))
	s.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if _, err := s.conn.Call(ctx, protocol.MethodWorkDoneProgressCreate, &protocol.WorkDoneProgressCreateParams{Token: *token}, nil); err != nil {
		return nil
	}
	s.conn.Notify(context.Background(), protocol.MethodProgress, &protocol.ProgressParams{
		Token: *token,
		Value: &protocol.WorkDoneProgressBegin{Kind: protocol.WorkDoneProgressKindBegin, Title: "dolint", Message: "linting " + filepath.Base(dir)},
	})
	return token
}

// lint runs the rules over the projects of dir and returns the findings
// by file.
func (s *Server) lint(dir string, fset *token.FileSet, loader *lintconfig.Loader, overlay map[string][]byte) (map[string][]*finding, error) {
	projects, err := discover.Projects([]string{dir})
	if err != nil {
		// The config went away: the group has nothing to report.
		return nil, nil
	}
	cfgs := map[*driver.Project]*lintconfig.Config{}
	var kept []*driver.Project
	var cfgErr error
	for _, p := range projects {
		cfg, err := loader.ForDir(p.Dir)
		if err != nil {
			// A broken .dolint.jsonc is reported, and the rules run with
			// their defaults meanwhile rather than going silent.
			cfgErr = err
			cfg = lintconfig.Default()
		}
		if cfg.Ignored(p.Dir) || cfg.Ignored(p.Config) {
			continue
		}
		cfgs[p] = cfg
		kept = append(kept, p)
	}
	s.mu.Lock()
	for p, cfg := range cfgs {
		s.cfgs[p.Config] = cfg
	}
	s.mu.Unlock()
	rules := s.rules.Filter(func(r *rule.Rule) bool {
		for _, cfg := range cfgs {
			if cfg.Enabled(r.Name()) {
				return true
			}
		}
		return false
	})
	keep := func(res *driver.Result, d driver.Diagnostic) (driver.Diagnostic, bool) {
		cfg := cfgs[d.Project]
		if cfg == nil {
			return d, true
		}
		if !cfg.Enabled(d.Rule) {
			return d, false
		}
		if d.Pos.IsValid() {
			if file := res.Fset.Position(d.Pos).Filename; file != "" && cfg.Ignored(file) {
				return d, false
			}
		}
		if doc := s.docNamed(d.Rule); doc != nil {
			d.Severity = cfg.Severity(d.Rule, doc.Severity)
		}
		return d, true
	}
	res, runErr := driver.RunOptions(kept, rules, driver.Options{Overlay: overlay, Keep: keep, ReadFile: s.disk.read, FileSet: fset, Known: s.rules, Config: s.settings})
	if res == nil {
		return nil, errors.Join(cfgErr, runErr)
	}
	findings := convert(res)
	// A mistake in .dolint.jsonc is shown where it is, like a finding.
	var le *lintconfig.Error
	if errors.As(cfgErr, &le) && le.File != "" {
		at := protocol.Position{Line: uint32(max(le.Line-1, 0)), Character: uint32(max(le.Col-1, 0))}
		findings[le.File] = append(findings[le.File], &finding{rule: "dolintconfig", diag: protocol.Diagnostic{
			Range:    protocol.Range{Start: at, End: at},
			Severity: protocol.DiagnosticSeverityError,
			Code:     "dolintconfig",
			Source:   "dolint",
			Message:  le.Msg + "; the rules run with their defaults until it is mended",
		}})
		cfgErr = nil
	}
	return findings, errors.Join(cfgErr, runErr)
}

func (s *Server) docNamed(name string) *rule.Doc {
	if r := s.rules.Lookup(name); r != nil {
		return r.Doc
	}
	return nil
}
