package realapps

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dolint-dev/dolint/internal/npmcache"
	"github.com/dolint-dev/dolint/sandbox/devserver"
)

// targetEnv set to "wrangler" runs the tier against `wrangler dev` (the
// pinned wrangler, through workerd) instead of dolint's dev server, to
// check that what the tests assert holds on the real runtime. What needs
// the sandbox's hands, evicting an object, is skipped there.
const targetEnv = "DOLINT_REALAPPS_TARGET"

const wranglerVersion = "4.86.0"

// server is an app being served: by dolint's dev server, or by wrangler.
type server struct {
	url   string
	dev   *devserver.Server
	close func()
	once  sync.Once
}

func (s *server) URL() string { return s.url }

// Close stops the server; later calls do nothing.
func (s *server) Close() { s.once.Do(s.close) }

// evict hibernates the object binding.getByName(name), the way the
// runtime evicts an idle object, and reports whether it could: wrangler
// offers no way to.
func (s *server) evict(t *testing.T, binding, name string) bool {
	t.Helper()
	if s.dev == nil {
		t.Logf("wrangler dev cannot evict %s %q; going on without", binding, name)
		return false
	}
	rt := s.dev.Runtime()
	id, err := rt.IDFromName(binding, name)
	if err != nil {
		t.Fatal(err)
	}
	if err := rt.Hibernate(binding, id); err != nil {
		t.Fatalf("evicting %s %q: %v", binding, name, err)
	}
	return true
}

// servePersist serves the app with Durable Object storage kept in
// persist, as `dolint dev --persist` (or `wrangler dev --persist-to`)
// keeps it; the server's log is printed when the test fails.
func servePersist(t *testing.T, dir, persist string) *server {
	t.Helper()
	start := time.Now()
	var s *server
	if os.Getenv(targetEnv) == "wrangler" {
		s = serveWrangler(t, dir, persist)
	} else {
		log := &syncBuffer{}
		dev, err := devserver.Start(devserver.Options{Dir: dir, Addr: "127.0.0.1:0", Log: log, Persist: persist})
		if err != nil {
			t.Fatalf("dolint dev %s: %v", filepath.Base(dir), err)
		}
		s = &server{url: dev.URL(), dev: dev, close: func() {
			dev.Close()
			if t.Failed() {
				t.Logf("dev server log:\n%s", log.String())
			}
		}}
	}
	t.Logf("serving after %v", time.Since(start).Round(time.Millisecond))
	t.Cleanup(s.Close)
	return s
}

var wranglerBin struct {
	once sync.Once
	path string
	err  error
}

func serveWrangler(t *testing.T, dir, persist string) *server {
	t.Helper()
	wranglerBin.once.Do(func() {
		d, err := npmcache.Dir("wrangler-" + wranglerVersion)
		if err == nil {
			manifest := []byte(`{"name":"dolint-wrangler","private":true}` + "\n")
			err = npmcache.Ensure(context.Background(), d, wranglerVersion, npmcache.Packages(manifest, "wrangler@"+wranglerVersion))
		}
		wranglerBin.path, wranglerBin.err = filepath.Join(d, "node_modules", ".bin", "wrangler"), err
	})
	if wranglerBin.err != nil {
		t.Fatal(wranglerBin.err)
	}
	port, inspector := freePort(t), freePort(t)
	args := []string{"dev", "--ip", "127.0.0.1", "--port", fmt.Sprint(port), "--inspector-port", fmt.Sprint(inspector)}
	if persist != "" {
		args = append(args, "--persist-to", persist)
	}
	cmd := exec.Command(wranglerBin.path, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "WRANGLER_SEND_METRICS=false", "CI=true", "NO_COLOR=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	log := &syncBuffer{}
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(out)
		once := sync.Once{}
		for sc.Scan() {
			fmt.Fprintln(log, sc.Text())
			if strings.Contains(sc.Text(), "Ready on") {
				once.Do(func() { close(ready) })
			}
		}
		io.Copy(io.Discard, out)
	}()
	stop := func() {
		// Interrupted, wrangler stops the workerd it runs; killed, it
		// could not.
		if cmd.Process.Signal(os.Interrupt) != nil {
			cmd.Process.Kill()
		}
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("wrangler dev log:\n%s", log.String())
		}
	}
	select {
	case <-ready:
	case <-time.After(2 * time.Minute):
		stop()
		t.Fatalf("wrangler dev did not get ready:\n%s", log.String())
	}
	return &server{url: fmt.Sprintf("http://127.0.0.1:%d", port), close: stop}
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
