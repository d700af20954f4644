// Package devserver serves a Worker project on a local port through the
// sandbox runtime, the way `wrangler dev` serves it through workerd: HTTP
// requests reach the Worker's fetch handler, WebSocket upgrades are bridged
// to the WebSocket the Worker returns, and storage can persist in a
// directory between runs.
package devserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"

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
}

// Server is a running dev server.
type Server struct {
	rt   *sandbox.Runtime
	ln   net.Listener
	srv  *http.Server
	log  *logger
	url  string
	done chan struct{}
	err  error

	mu       sync.Mutex
	closing  bool
	closed   bool
	sockets  map[*websocket.Conn]bool
	bridges  sync.WaitGroup
	closeErr error
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
	proj, err := project.Open(cfgPath, opts.Env, nil)
	if err != nil {
		return nil, err
	}
	if err := proj.ServeError(); err != nil {
		return nil, err
	}
	sopts := proj.Options
	out := opts.Log
	if out == nil {
		out = os.Stderr
	}
	lg := &logger{w: out}
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
	sopts.LocalLimits = true
	sopts.OnLog = lg.script
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:8787"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	sopts.AllowFetch = []string{"http://" + ln.Addr().String()}
	rt, err := sandbox.Load(sopts)
	if err != nil {
		ln.Close()
		return nil, err
	}
	s := &Server{rt: rt, ln: ln, log: lg, url: "http://" + ln.Addr().String(), done: make(chan struct{})}
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 30 * time.Second}
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
// a virtual clock.
func (s *Server) Runtime() *sandbox.Runtime { return s.rt }

// Close stops accepting requests, closes bridged WebSockets (the Worker
// sees them close with 1001), then stops the runtime. Later calls return
// the first call's result.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return s.closeErr
	}
	s.closed = true
	s.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	if err != nil {
		s.srv.Close()
	}
	<-s.done
	s.closeSockets()
	if rerr := s.rt.Close(); err == nil {
		err = rerr
	}
	s.closeErr = err
	return err
}

// ServeHTTP forwards the request to the Worker.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	r.URL.Scheme = "http"
	r.URL.Host = r.Host
	if isUpgrade(r) {
		s.serveWebSocket(w, r, func(status int) { s.log.request(r, status, time.Since(start)) })
		return
	}
	res, err := s.rt.Fetch(r)
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
