package realapps

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/dolint-dev/dolint/internal/npmtier"
)

// modules is the installed node_modules, shared by the tests of one run.
var modules struct {
	once sync.Once
	dir  string
	err  error
}

func nodeModules(t *testing.T) string {
	t.Helper()
	npmtier.Require(t, "real apps")
	modules.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		start := time.Now()
		dir, err := Install(ctx)
		modules.dir, modules.err = filepath.Join(dir, "node_modules"), err
		if d := time.Since(start); d > time.Second {
			t.Logf("installed the pinned packages in %v", d.Round(time.Millisecond))
		}
	})
	if modules.err != nil {
		t.Fatal(modules.err)
	}
	return modules.dir
}

// app copies the app from src into a temporary directory whose
// node_modules is the installed one, the way an app is laid out after
// npm install, and applies the replacements to its text files.
func app(t *testing.T, src string, replace ...string) string {
	t.Helper()
	nm := nodeModules(t)
	dst := t.TempDir()
	r := strings.NewReplacer(replace...)
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			if d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if len(replace) > 0 {
			data = []byte(r.Replace(string(data)))
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(nm, filepath.Join(dst, "node_modules")); err != nil {
		t.Fatal(err)
	}
	return dst
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serve starts the app the way the test run asks (see server), with
// storage in memory.
func serve(t *testing.T, dir string) *server {
	t.Helper()
	return servePersist(t, dir, "")
}

const timeout = 10 * time.Second

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	return request(t, "GET", url, nil)
}

func request(t *testing.T, method, url string, header map[string]string) (*http.Response, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", method, url, err)
	}
	return res, string(b)
}

// client is one WebSocket client of an app.
type client struct {
	t    *testing.T
	name string
	c    *websocket.Conn
}

func dial(t *testing.T, s *server, path, name string) *client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	url := "ws" + strings.TrimPrefix(s.URL(), "http") + path
	c, res, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		status := ""
		if res != nil {
			b, _ := io.ReadAll(res.Body)
			status = " (" + res.Status + ": " + string(b) + ")"
		}
		t.Fatalf("%s connecting to %s: %v%s", name, path, err, status)
	}
	c.SetReadLimit(1 << 20)
	t.Cleanup(func() { c.CloseNow() })
	return &client{t: t, name: name, c: c}
}

func (c *client) send(v any) {
	c.t.Helper()
	data, ok := v.(string)
	if !ok {
		b, err := json.Marshal(v)
		if err != nil {
			c.t.Fatal(err)
		}
		data = string(b)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := c.c.Write(ctx, websocket.MessageText, []byte(data)); err != nil {
		c.t.Fatalf("%s sending %s: %v", c.name, data, err)
	}
}

// frame is one JSON message a client received.
type frame map[string]any

func (f frame) str(key string) string { s, _ := f[key].(string); return s }

func (f frame) String() string { b, _ := json.Marshal(map[string]any(f)); return string(b) }

func (c *client) recv() frame {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	_, data, err := c.c.Read(ctx)
	if err != nil {
		c.t.Fatalf("%s receiving: %v", c.name, err)
	}
	var f frame
	if err := json.Unmarshal(data, &f); err != nil {
		c.t.Fatalf("%s received non-JSON %q", c.name, data)
	}
	return f
}

// until reads frames until one satisfies ok, and returns it; frames the
// app sends for its own bookkeeping are skipped.
func (c *client) until(what string, ok func(frame) bool) frame {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var seen []string
	for {
		_, data, err := c.c.Read(ctx)
		if err != nil {
			c.t.Fatalf("%s waiting for %s: %v; received before: %s", c.name, what, err, strings.Join(seen, ", "))
		}
		var f frame
		if json.Unmarshal(data, &f) == nil && ok(f) {
			return f
		}
		seen = append(seen, string(data))
	}
}

func readRaw(c *client) (websocket.MessageType, string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	typ, data, err := c.c.Read(ctx)
	return typ, string(data), err
}
