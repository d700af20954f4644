// Package devserver serves a Worker project on a local port through the
// sandbox runtime, the way `wrangler dev` serves it through workerd: HTTP
// requests reach the Worker's fetch handler with the headers and
// request.cf the edge adds, WebSocket upgrades are bridged to the
// WebSocket the Worker returns, static assets are served as the
// platform's asset router serves them, and storage can persist in a
// directory between runs.
//
// A client's WebSocket Close is answered when the Worker's side closes, as
// workerd answers it: at once for a socket accept()ed on or after
// web_socket_auto_reply_to_close (2026-04-07), where the runtime closes
// that side itself, and otherwise only when the Worker calls close(). The
// client-facing sockets are gorilla/websocket's for this: coder/websocket
// answers a Close inside its read loop, and gorilla lets the server
// replace that answer (SetCloseHandler).
//
// With Options.Build the config's build.command runs before the bundle:
// that is the project's own code, which nothing else in dolint runs.
package devserver

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dolint-dev/dolint/sandbox"
	"github.com/dolint-dev/dolint/sandbox/project"
)

// Options configure Serve.
type Options struct {
	// Config is the wrangler config file; when empty it is looked up in Dir.
	Config string
	Dir    string
	// Env selects an [env.<name>] section of the config.
	Env string
	// Addr is the address to listen on; the default is 127.0.0.1:8787.
	// Port 0 picks a free port.
	Addr string
	// Persist is a directory for Durable Object storage; empty keeps
	// storage in memory for the life of the server.
	Persist string
	// Log receives the URL line, one line per request and uncaught errors
	// with their stacks. Nil means os.Stderr.
	Log io.Writer
	// Clock, when set, replaces the real clock (tests advance it to fire alarms).
	Clock sandbox.Clock
	// Hosts are the Host header names, besides localhost, 127.0.0.1 and
	// [::1], that requests may carry (any port). Others are refused, so
	// that a web page whose name resolves to 127.0.0.1 cannot reach the
	// server from a browser.
	Hosts []string
	// MaxInFlight bounds the requests the runtime handles at once; the
	// others wait for their turn. Zero means DefaultMaxInFlight.
	MaxInFlight int
	// MaxBody bounds a request body; the runtime answers a larger one
	// with the platform's 413 and reads no further. Zero means the
	// runtime's default, the platform's limit on the Free and Pro plans.
	MaxBody int64
	// ShutdownTimeout bounds Close: past it, Close returns even if some
	// script or storage operation is still running. Zero means
	// DefaultShutdownTimeout.
	ShutdownTimeout time.Duration
	// Build runs the config's build.command before the Worker is
	// bundled, as wrangler dev does. It runs the project's own code, so
	// it is off unless the user asks for it (dolint dev sets it).
	Build bool
	// HTTPS serves https with a certificate made for the run.
	HTTPS bool
}

const (
	// DefaultMaxInFlight is enough to keep the Worker and its objects
	// busy; more only lengthens their queues.
	DefaultMaxInFlight = 64
	// DefaultShutdownTimeout is how long Close waits for running scripts.
	DefaultShutdownTimeout = 5 * time.Second

	// Bodies above smallBody are buffered one request at a time, so that
	// concurrent uploads cannot hold several times the body limit.
	smallBody = 1 << 20
)

// A client gets headerTimeout to send its request line and headers, and
// then bodyTimeout for its body; an idle keep-alive connection is closed
// after idleTimeout. Variables so that tests need not wait as long.
var (
	headerTimeout = 10 * time.Second
	bodyTimeout   = 60 * time.Second
	idleTimeout   = 120 * time.Second
)

// Server is a running dev server.
type Server struct {
	rt   *sandbox.Runtime
	ln   net.Listener
	srv  *http.Server
	log  *logger
	url  string
	done chan struct{}
	err  error

	hosts map[string]bool
	// token marks the requests the Worker sends to the server itself.
	token    string
	assets   *assetServer
	scheme   string
	shutdown time.Duration
	// slots admits requests to the runtime; big admits one large body at
	// a time to memory.
	slots chan struct{}
	big   chan struct{}

	mu        sync.Mutex
	closing   bool
	closeOnce sync.Once
	sockets   map[*bridge]bool
	bridges   sync.WaitGroup
	closeErr  error
}

// Serve runs the dev server until ctx is cancelled.
func Serve(ctx context.Context, opts Options) error {
	s, err := Start(opts)
	if err != nil {
		return err
	}
	select {
	case <-ctx.Done():
		return s.Close()
	case <-s.done:
		s.Close()
		return s.err
	}
}

// Start loads the project and starts serving it; the caller must Close it.
func Start(opts Options) (*Server, error) {
	cfgPath := opts.Config
	if cfgPath == "" {
		dir := opts.Dir
		if dir == "" {
			dir = "."
		}
		p, err := project.Find(dir)
		if err != nil {
			return nil, err
		}
		cfgPath = p
	}
	abs, err := filepath.Abs(cfgPath)
	if err != nil {
		return nil, err
	}
	// A config with assets and no main is a Worker of static assets
	// only; anything else is loaded as a project, whose errors (with
	// their lines) come first.
	dc, dcErr := readDevConfig(abs, opts.Env)
	var sopts sandbox.Options
	assetsOnly := dcErr == nil && dc.main == "" && dc.assets != nil
	if assetsOnly {
		sopts.Dir = filepath.Dir(abs)
	} else {
		proj, err := project.Open(abs, opts.Env, nil)
		if err != nil {
			return nil, err
		}
		if err := proj.ServeError(); err != nil {
			return nil, err
		}
		if dcErr != nil {
			return nil, dcErr
		}
		sopts = proj.Options
	}
	out := opts.Log
	if out == nil {
		out = os.Stderr
	}
	lg := &logger{w: out}
	if !assetsOnly {
		secrets, files, err := devSecrets(filepath.Dir(abs), opts.Env)
		if err != nil {
			return nil, err
		}
		if len(files) > 0 {
			// As wrangler dev does, secrets override vars of the same
			// name; their values are never printed.
			lg.printf("Using secrets defined in %s\n", strings.Join(files, ", "))
			vars := map[string]any{}
			for k, v := range sopts.Vars {
				vars[k] = v
			}
			for k, v := range secrets {
				vars[k] = v
			}
			sopts.Vars = vars
		}
	}
	if dc.build != "" {
		if !opts.Build {
			lg.printf("▲ build.command %q was not run\n", dc.build)
		} else if err := runBuild(dc.build, dc.buildDir, out); err != nil {
			return nil, err
		}
	}
	if len(dc.missing) > 0 {
		lg.printf("▲ dolint dev does not provide these bindings, and env has no such names: %s\n", strings.Join(dc.missing, "; "))
	}
	if len(dc.unrun) > 0 {
		lg.printf("▲ dolint dev does not run: %s\n", strings.Join(dc.unrun, "; "))
	}
	var assets *assetServer
	if dc.assets != nil {
		if assets, err = newAssetServer(dc.assets, sopts.Dir); err != nil {
			return nil, fmt.Errorf("%s: %v", abs, err)
		}
		dc.assets.setCompat(sopts.CompatibilityDate, sopts.CompatibilityFlags)
		if ignored := assets.unapplied(); len(ignored) > 0 {
			lg.printf("▲ dolint dev does not apply these files of the assets directory: %s\n", strings.Join(ignored, ", "))
		}
		if dc.assets.binding != "" {
			sopts.FetchBindings = map[string]http.Handler{dc.assets.binding: assets.bindingHandler()}
		}
	}
	// The sandbox hands over the bundle's source map before the Worker's
	// top-level code runs, so even its errors map to the project's files.
	sopts.OnBundle = func(_ string, sourceMap []byte) {
		m, err := newStackMapper(sourceMap, sopts.Dir)
		if err != nil {
			lg.printf("▲ stacks will show bundle positions: %v\n", err)
			return
		}
		lg.mapper = m
	}
	if opts.Persist != "" {
		abs, err := filepath.Abs(opts.Persist)
		if err != nil {
			return nil, err
		}
		sopts.StorageDir = abs
	}
	sopts.Clock = opts.Clock
	if opts.MaxBody > 0 {
		sopts.Limits.RequestBody = opts.MaxBody
	}
	sopts.LocalLimits = true
	sopts.OnLog = lg.script
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:8787"
	}
	ln, err := listen(addr)
	if err != nil {
		if assets != nil {
			assets.close()
		}
		return nil, err
	}
	scheme := "http"
	if opts.HTTPS {
		host, _, _ := net.SplitHostPort(addr)
		cert, err := selfSigned(host)
		if err != nil {
			ln.Close()
			return nil, err
		}
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}})
		scheme = "https"
	}
	sopts.AllowFetch = []string{scheme + "://" + ln.Addr().String()}
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && tcp.IP.IsUnspecified() {
		// The Worker reaches a server on every interface through loopback.
		port := strconv.Itoa(tcp.Port)
		sopts.AllowFetch = append(sopts.AllowFetch, scheme+"://127.0.0.1:"+port, scheme+"://localhost:"+port)
	}
	token := make([]byte, 16)
	rand.Read(token)
	sopts.FetchHeader = [2]string{internalHeader, hex.EncodeToString(token)}
	var rt *sandbox.Runtime
	if !assetsOnly {
		rt, err = sandbox.Load(sopts)
		if err != nil {
			ln.Close()
			if assets != nil {
				assets.close()
			}
			return nil, explainLoad(err, sopts.Dir)
		}
	}
	s := &Server{rt: rt, ln: ln, log: lg, url: scheme + "://" + ln.Addr().String(), done: make(chan struct{}),
		hosts:    map[string]bool{"localhost": true, "127.0.0.1": true, "::1": true},
		shutdown: opts.ShutdownTimeout, big: make(chan struct{}, 1),
		token: sopts.FetchHeader[1], assets: assets, scheme: scheme}
	// A server listening on an address of its own answers requests
	// that name it.
	if host, _, err := net.SplitHostPort(addr); err == nil {
		if ip := net.ParseIP(host); ip != nil && !ip.IsUnspecified() {
			s.hosts[ip.String()] = true
		} else if ip != nil {
			// On every interface: each of the machine's addresses.
			if addrs, err := net.InterfaceAddrs(); err == nil {
				for _, a := range addrs {
					if n, ok := a.(*net.IPNet); ok {
						s.hosts[n.IP.String()] = true
					}
				}
			}
		}
	}
	for _, h := range opts.Hosts {
		s.hosts[strings.ToLower(strings.Trim(h, "[]"))] = true
	}
	if s.shutdown <= 0 {
		s.shutdown = DefaultShutdownTimeout
	}
	n := opts.MaxInFlight
	if n <= 0 {
		n = DefaultMaxInFlight
	}
	s.slots = make(chan struct{}, n)
	// The body's own deadline is set per request (see ServeHTTP): a read
	// timeout for the whole request would also cut off WebSockets and
	// cancel requests that wait long for their turn.
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: headerTimeout, IdleTimeout: idleTimeout}
	go func() {
		err := s.srv.Serve(ln)
		if !errors.Is(err, http.ErrServerClosed) {
			s.err = err
		}
		close(s.done)
	}()
	lg.printf("Ready on %s\n", s.url)
	return s, nil
}

// URL is the server's base URL, e.g. http://127.0.0.1:8787.
func (s *Server) URL() string { return s.url }

// Runtime gives access to the sandbox, e.g. to hibernate objects or advance
// a virtual clock; it is nil for a project of static assets only.
func (s *Server) Runtime() *sandbox.Runtime { return s.rt }

// Close stops accepting requests, closes bridged WebSockets (the Worker
// sees them close with 1001), then stops the runtime. It returns within
// the shutdown timeout even when a script or a storage operation does not
// stop: the runtime then goes on stopping in the background, and the
// error says so. Later calls wait for the first and return its result.
func (s *Server) Close() error {
	s.closeOnce.Do(func() { s.closeErr = s.close() })
	return s.closeErr
}

func (s *Server) close() error {
	finished := make(chan error, 1)
	go func() {
		// Requests under way get a moment to finish; past it, stopping
		// the runtime ends them.
		ctx, cancel := context.WithTimeout(context.Background(), min(s.shutdown/2, time.Second))
		defer cancel()
		if s.srv.Shutdown(ctx) != nil {
			// Requests still running hold their connections; closing
			// them answers nobody but frees the clients.
			s.srv.Close()
		}
		<-s.done
		s.closeSockets()
		if s.assets != nil {
			s.assets.close()
		}
		if s.rt == nil {
			finished <- nil
			return
		}
		finished <- s.rt.Close()
	}()
	var err error
	select {
	case err = <-finished:
	case <-time.After(s.shutdown):
		err = fmt.Errorf("gave up after %v waiting for the Worker's scripts and storage to stop", s.shutdown)
	}
	return err
}

// hostAllowed reports whether a request's Host header names this machine
// (or a name given in Options.Hosts), on any port.
func (s *Server) hostAllowed(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(strings.Trim(host, "[]"))
	return host != "" && s.hosts[host]
}

// internalHeader carries the token of the Worker's own requests.
const internalHeader = "X-Dolint-Dev-Internal"

// admit waits for a turn to reach the runtime and returns what gives it
// back; false means the client left first. A request the Worker sends to
// itself goes in at once: the request that sent it holds a turn and waits
// for it, so with every turn taken that way, none would be given back.
func (s *Server) admit(r *http.Request, internal bool) (release func(), ok bool) {
	if internal {
		return func() {}, true
	}
	select {
	case s.slots <- struct{}{}:
		return func() { <-s.slots }, true
	case <-r.Context().Done():
		return nil, false
	}
}

// internal reports whether r comes from the Worker itself, and removes the
// mark so that the Worker never sees the token.
func (s *Server) internal(r *http.Request) bool {
	v := r.Header.Get(internalHeader)
	r.Header.Del(internalHeader)
	return v != "" && subtle.ConstantTimeCompare([]byte(v), []byte(s.token)) == 1
}

// edgeBody is a request body on its way to the runtime, which caps its
// size. It remembers how reading ended: a body that was not read to its
// end (over the limit, or too slow) leaves the connection unusable.
type edgeBody struct {
	r   io.Reader
	c   io.Closer
	eof bool
	err error
	// atEOF lifts the body's deadline, which must not cut off a Worker
	// that takes long to answer.
	atEOF func()
}

func (b *edgeBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	switch {
	case err == io.EOF:
		if !b.eof {
			b.eof = true
			b.atEOF()
		}
	case err != nil && b.err == nil:
		b.err = err
	}
	return n, err
}

func (b *edgeBody) Close() error { return b.c.Close() }

// body prepares the request body for the runtime, within bodyTimeout. It
// reads the start of the body: one larger than smallBody waits for the
// large-body turn, so that concurrent uploads cannot hold many times the
// limit; done gives that turn back once the runtime is through with the
// body. The Worker's requests to the server itself skip that wait, since
// the request that sent one may hold the turn. status is non-zero when the
// request cannot go on.
func (s *Server) body(w http.ResponseWriter, r *http.Request, internal bool) (body *edgeBody, done func(), status int) {
	done = func() {}
	if r.Body == nil || r.Body == http.NoBody {
		return nil, done, 0
	}
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Now().Add(bodyTimeout))
	atEOF := func() { rc.SetReadDeadline(time.Time{}) }
	var head bytes.Buffer
	if r.ContentLength < 0 || r.ContentLength <= smallBody {
		if _, err := io.CopyN(&head, r.Body, smallBody+1); err == io.EOF {
			atEOF()
			return &edgeBody{r: &head, c: r.Body, eof: true, atEOF: atEOF}, done, 0
		} else if err != nil {
			return nil, done, bodyStatus(err)
		}
	}
	if !internal {
		select {
		case s.big <- struct{}{}:
			done = func() { <-s.big }
		case <-r.Context().Done():
			return nil, done, http.StatusServiceUnavailable
		}
	}
	return &edgeBody{r: io.MultiReader(&head, r.Body), c: r.Body, atEOF: atEOF}, done, 0
}

func bodyStatus(err error) int {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return http.StatusRequestTimeout
	}
	return http.StatusBadRequest
}

// refuse answers a request that never reaches the Worker.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, status int, text string, start time.Time) {
	http.Error(w, text, status)
	s.log.request(r, status, time.Since(start))
}

// ServeHTTP forwards the request to the Worker.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if !s.hostAllowed(r.Host) {
		// Not echoed: a Host header may be as long as the headers.
		s.refuse(w, r, http.StatusForbidden, "Forbidden: this Host is not served here; start dolint dev with --host NAME to allow it.", start)
		return
	}
	internal := s.internal(r)
	r.URL.Scheme = s.scheme
	r.URL.Host = r.Host
	if s.rt == nil {
		// Assets only: what no file answers is the assets' 404.
		sw := &statusWriter{ResponseWriter: w}
		if isUpgrade(r) || !s.assets.serve(sw, r, s.assets.cfg.notFound) {
			s.refuse(w, r, http.StatusNotFound, "", start)
			return
		}
		s.log.request(r, sw.status, time.Since(start))
		return
	}
	if !isUpgrade(r) && s.serveAsset(w, r, start) {
		return
	}
	r = edgeRequest(r)
	if isUpgrade(r) {
		s.serveWebSocket(w, r, internal, func(status int) { s.log.request(r, status, time.Since(start)) })
		return
	}
	// The turn is taken before the body is read, so that what waits for
	// a turn holds no body: buffered bodies are bounded by the turns.
	release, ok := s.admit(r, internal)
	if !ok {
		s.log.request(r, http.StatusServiceUnavailable, time.Since(start))
		return
	}
	orig := r.Body
	body, done, status := s.body(w, r, internal)
	var res *http.Response
	var err error
	if status == 0 {
		if body != nil {
			r.Body = body
		}
		res, err = s.rt.Fetch(r)
		// The server looks at its own body to decide how to close.
		r.Body = orig
		if body != nil && body.err != nil {
			status = bodyStatus(body.err)
		}
	}
	done()
	release()
	if orig != nil && orig != http.NoBody && (body == nil || !body.eof) {
		// Over the limit, too slow or broken: the connection cannot carry
		// another request. Closing the body now gives up on the rest
		// (after at most a little more, within the deadline) rather than
		// reading it all, and lets the client read the answer before the
		// connection closes.
		w.Header().Set("Connection", "close")
		orig.Close()
	}
	if status != 0 {
		if res != nil {
			res.Body.Close()
		}
		s.refuse(w, r, status, http.StatusText(status), start)
		return
	}
	if res == nil {
		s.log.printf("✘ %s %s: %v\n", r.Method, r.URL.RequestURI(), err)
		http.Error(w, "Internal Server Error", http.StatusInternalServerError)
		s.log.request(r, http.StatusInternalServerError, time.Since(start))
		return
	}
	defer res.Body.Close()
	if err != nil {
		s.log.uncaught(err)
	}
	for k, vs := range res.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.WriteHeader(res.StatusCode)
	io.Copy(w, res.Body)
	s.log.request(r, res.StatusCode, time.Since(start))
}

// serveAsset answers r from the assets directory when a file or a
// redirect of it applies and the Worker does not come first, as the
// platform's router does; navigation requests also get not_found_handling
// when the compatibility settings say so.
func (s *Server) serveAsset(w http.ResponseWriter, r *http.Request, start time.Time) bool {
	if s.assets == nil || s.assets.root == nil || s.assets.cfg.workerFirstFor(r.URL.Path) {
		return false
	}
	notFound := "none"
	if s.assets.cfg.navigation && r.Header.Get("Sec-Fetch-Mode") == "navigate" {
		notFound = s.assets.cfg.notFound
	}
	sw := &statusWriter{ResponseWriter: w}
	if !s.assets.serve(sw, r, notFound) {
		return false
	}
	s.log.request(r, sw.status, time.Since(start))
	return true
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}

func isUpgrade(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket") &&
		strings.Contains(strings.ToLower(r.Header.Get("Connection")), "upgrade")
}

type logger struct {
	mu     sync.Mutex
	w      io.Writer
	mapper *stackMapper
}

func (l *logger) printf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, format, args...)
}

func (l *logger) request(r *http.Request, status int, d time.Duration) {
	l.printf("[dolint dev] %s %s %d %s (%s)\n", r.Method, r.URL.RequestURI(), status, http.StatusText(status),
		d.Round(time.Microsecond))
}

// uncaught prints the call frames of an error that reached the client as
// a 500. The sandbox has already reported the error itself through OnLog
// ("Uncaught ..."), so only the frames are added here, mapped to the
// project's files.
func (l *logger) uncaught(err error) {
	var se *sandbox.ScriptError
	if !errors.As(err, &se) {
		l.printf("✘ %v\n", err)
		return
	}
	var frames []string
	for _, line := range strings.Split(l.mapper.mapStack(se.Stack), "\n") {
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "at ") {
			frames = append(frames, "    "+t)
		}
	}
	if len(frames) > 0 {
		l.printf("%s\n", strings.Join(frames, "\n"))
	}
}

// script prints console output and the sandbox's uncaught-error reports.
func (l *logger) script(entry sandbox.Log) {
	prefix := ""
	if entry.Object != "" {
		prefix = "[" + entry.Object + "] "
	}
	msg := l.mapper.mapStack(entry.Message)
	if strings.HasPrefix(msg, "Uncaught ") {
		prefix = "✘ " + prefix
	}
	l.printf("%s%s\n", prefix, msg)
}
