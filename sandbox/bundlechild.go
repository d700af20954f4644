package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"runtime/debug"
	"sync"
	"time"

	"github.com/dop251/goja"
)

// esbuild parses recursively, and Go cannot recover from a goroutine that
// outgrows its stack: source nested a million levels deep ("[[[[...",
// "!!!!...", "a=>a=>...") ended the whole process with "fatal error: stack
// overflow". So bundling runs in a child process, a new run of this same
// executable that an init function turns into a bundler: a crash there is
// a bundling error here, and esbuild's memory is the child's.
//
// The child also compiles the bundle once, as Load will: goja's compiler
// takes time that grows much faster than the input on some shapes (a
// hundred thousand terms in one sum took minutes), and cannot be
// interrupted. A child that takes too long is killed, which stops it.

const (
	bundleChildEnv = "DOLINT_SANDBOX_BUNDLE_CHILD"
)

// bundleTimeout bounds one bundling and trial compile; both take well
// under a second for a Worker. A variable so that tests need not wait.
var bundleTimeout = time.Minute

// compileBundle compiles the bundle as the module function Load calls.
func compileBundle(src string) (*goja.Program, error) {
	return goja.Compile("worker.js", "(function (require, module, exports) {"+src+"\n})", false)
}

type bundleRequest struct {
	Main, Dir string
	Overlay   map[string][]byte
	SourceMap bool
	// The parent's size limits, which the child applies.
	MaxFile, MaxTotal int64
}

type bundleReply struct {
	JS       string
	Map      []byte
	Messages []string // a *BundleError's
	Err      string   // any other error
}

func init() {
	if os.Getenv(bundleChildEnv) != "1" {
		return
	}
	// Real code nests a few hundred levels at most; a quarter of Go's
	// default stack limit still allows some hundred thousand, and makes
	// a hostile file fail sooner and with less memory.
	debug.SetMaxStack(256 << 20)
	var req bundleRequest
	var rep bundleReply
	if err := json.NewDecoder(os.Stdin).Decode(&req); err != nil {
		rep.Err = "reading the bundling request: " + err.Error()
	} else {
		maxSourceFile, maxBundleInput = req.MaxFile, req.MaxTotal
		js, m, err := bundleHere(req.Main, req.Dir, req.Overlay, req.SourceMap)
		var be *BundleError
		switch {
		case errors.As(err, &be):
			rep.Messages = be.Messages
		case err != nil:
			rep.Err = err.Error()
		default:
			// Only the time matters here: Load reports any error.
			compileBundle(js)
			rep.JS, rep.Map = js, m
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(&rep); err != nil {
		os.Exit(1)
	}
	os.Exit(0)
}

var (
	selfOnce sync.Once
	self     string
)

// bundle is bundleHere in a child process (see above). Where this
// executable cannot be run again, it bundles in this process.
func bundle(main, dir string, overlay map[string][]byte, sourceMap bool) (string, []byte, error) {
	selfOnce.Do(func() { self, _ = os.Executable() })
	if self == "" {
		return bundleHere(main, dir, overlay, sourceMap)
	}
	in, err := json.Marshal(bundleRequest{Main: main, Dir: dir, Overlay: overlay, SourceMap: sourceMap,
		MaxFile: maxSourceFile, MaxTotal: maxBundleInput})
	if err != nil {
		return "", nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), bundleTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, self)
	cmd.Env = append(os.Environ(), bundleChildEnv+"=1")
	cmd.Stdin = bytes.NewReader(in)
	var out bytes.Buffer
	cmd.Stdout = &out
	// A crash prints every goroutine's stack; only its first line says
	// anything to the user, and that is in the error below.
	cmd.Stderr = &limitedBuffer{max: 64 << 10}
	if err := cmd.Start(); err != nil {
		return bundleHere(main, dir, overlay, sourceMap)
	}
	werr := cmd.Wait()
	var rep bundleReply
	if jerr := json.Unmarshal(out.Bytes(), &rep); werr != nil || jerr != nil {
		msg := "esbuild stopped before finishing the bundle"
		switch {
		case ctx.Err() != nil:
			msg = "bundling and compiling the code took longer than " + bundleTimeout.String()
		case bytes.Contains(cmd.Stderr.(*limitedBuffer).b.Bytes(), []byte("stack overflow")):
			msg = "the code is nested too deeply for esbuild to bundle (it ran out of stack)"
		}
		return "", nil, &BundleError{Messages: []string{msg}}
	}
	switch {
	case rep.Messages != nil:
		return "", nil, &BundleError{Messages: rep.Messages}
	case rep.Err != "":
		return "", nil, errors.New(rep.Err)
	}
	return rep.JS, rep.Map, nil
}

// limitedBuffer keeps the first max bytes written to it.
type limitedBuffer struct {
	b   bytes.Buffer
	max int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.max - l.b.Len(); room > 0 {
		l.b.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

var _ io.Writer = (*limitedBuffer)(nil)
