package devserver

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const counterProject = `
import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {
  n = 0;
  fetch() { this.n++; return new Response(String(this.n)); }
  total() { return this.n; }
  spin() {
    // Never ends: a statement that runs in storage, out of the script's reach.
    return this.ctx.storage.sql.exec("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) AS n FROM c WHERE x < 0").one().n;
  }
}
export default {
  async fetch(req, env) {
    const stub = env.COUNTER.getByName("one");
    const path = new URL(req.url).pathname;
    if (path === "/total") return new Response(String(await stub.total()));
    if (path === "/spin") return new Response(String(await stub.spin()));
    if (path === "/len") return new Response(String((await req.arrayBuffer()).byteLength));
    if (path === "/sleep") {
      await new Promise((r) => setTimeout(r, Number(new URL(req.url).searchParams.get("ms") ?? 2000)));
      return new Response("slept");
    }
    if (path === "/proxy") return fetch(new URL("/inner", req.url));
    if (path === "/inner") return new Response("inner " + req.headers.get("x-dolint-dev-internal"));
    return stub.fetch(req);
  },
};`

// startCounter serves a project with one SQLite-backed counter object.
func startCounter(t *testing.T, mod func(*Options)) *Server {
	t.Helper()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "src"), 0o755)
	os.WriteFile(filepath.Join(dir, "src", "index.js"), []byte(counterProject), 0o644)
	os.WriteFile(filepath.Join(dir, "wrangler.jsonc"), []byte(`{
  "name": "counter", "main": "src/index.js", "compatibility_date": "2025-09-01",
  "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }]
}`), 0o644)
	opts := Options{Dir: dir, Addr: "127.0.0.1:0", Log: io.Discard}
	if mod != nil {
		mod(&opts)
	}
	s, err := Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestManyConcurrentRequestsToOneObject sends 1,000 requests at once at one
// object. Beyond a few hundred, posting between the Worker's and the
// object's event loops used to fill both queues and freeze every route;
// now the edge lets a bounded number in and the rest wait their turn.
// (TestLoopsNeverWaitForEachOther in the sandbox drives 5,000 without the
// edge's bound.)
func TestManyConcurrentRequestsToOneObject(t *testing.T) {
	s := startCounter(t, nil)
	const n = 1000
	tr := &http.Transport{MaxIdleConnsPerHost: n, MaxConnsPerHost: 0}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 60 * time.Second}
	var wg sync.WaitGroup
	var mu sync.Mutex
	seen := map[int]bool{}
	var failures []string
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := client.Get(s.URL() + "/inc")
			if err != nil {
				mu.Lock()
				failures = append(failures, err.Error())
				mu.Unlock()
				return
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			v, err := strconv.Atoi(string(b))
			mu.Lock()
			if err != nil || res.StatusCode != 200 || seen[v] {
				failures = append(failures, fmt.Sprintf("%d %q", res.StatusCode, b))
			}
			seen[v] = true
			mu.Unlock()
		}()
	}
	wg.Wait()
	if len(failures) > 0 {
		t.Fatalf("%d of %d requests failed, e.g. %s", len(failures), n, failures[0])
	}
	if code, body := get(t, s.URL()+"/total"); code != 200 || body != strconv.Itoa(n) {
		t.Fatalf("counter = %d %q, want %d", code, body, n)
	}
}

// TestHostHeader refuses requests whose Host names another site: a page
// on a name that resolves to 127.0.0.1 (DNS rebinding) must not reach the
// Worker from a visitor's browser.
func TestHostHeader(t *testing.T) {
	s := startCounter(t, func(o *Options) { o.Hosts = []string{"dev.example.test"} })
	do := func(host string) (int, string) {
		req, _ := http.NewRequest("GET", s.URL()+"/total", nil)
		req.Host = host
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	for _, h := range []string{"localhost", "localhost:8787", "127.0.0.1:1", "[::1]:8787", "LOCALHOST", "dev.example.test:443"} {
		if code, body := do(h); code != 200 || body != "0" {
			t.Errorf("Host %s: %d %q, want 200", h, code, body)
		}
	}
	for _, h := range []string{"attacker.example", "attacker.example:8787", "127.0.0.1.attacker.example", "localhost.attacker.example", "[::2]"} {
		code, body := do(h)
		if code != 403 || !strings.Contains(body, "Host") || len(body) > 200 {
			t.Errorf("Host %s: %d %q, want a short 403", h, code, body)
		}
	}
}

// TestSlowClientsAreCutOff holds a connection open sending its headers, or
// its body, too slowly: each is closed after its deadline.
func TestSlowClientsAreCutOff(t *testing.T) {
	oldH, oldB, oldI := headerTimeout, bodyTimeout, idleTimeout
	headerTimeout, bodyTimeout, idleTimeout = 300*time.Millisecond, 300*time.Millisecond, 300*time.Millisecond
	defer func() { headerTimeout, bodyTimeout, idleTimeout = oldH, oldB, oldI }()
	s := startCounter(t, nil)
	addr := strings.TrimPrefix(s.URL(), "http://")
	for name, partial := range map[string]string{
		"headers": "GET /total HTTP/1.1\r\nHost: localhost\r\nX-Slow: ",
		"body":    "POST /len HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\nabc",
		// A kept-alive connection that sends nothing after its request.
		"idle": "GET /total HTTP/1.1\r\nHost: localhost\r\n\r\n",
	} {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		io.WriteString(c, partial)
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		io.Copy(io.Discard, c) // until the server closes the connection
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("slow %s: connection still open after %v", name, d)
		}
		c.Close()
	}
	// The deadline is the client's, not the Worker's: one that answers
	// after it is not cut off, with a body or without.
	for _, method := range []string{"GET", "POST"} {
		var body io.Reader
		if method == "POST" {
			body = strings.NewReader("abc")
		}
		req, _ := http.NewRequest(method, s.URL()+"/sleep?ms=800", body)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s /sleep: %v", method, err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || string(b) != "slept" {
			t.Errorf("%s /sleep: %d %q", method, res.StatusCode, b)
		}
	}
}

// TestOversizedBody answers a body over the limit with the platform's 413
// page, whether its length is announced or it is streamed in chunks, and
// reads no further: the client's gigabyte is never taken in.
func TestOversizedBody(t *testing.T) {
	s := startCounter(t, func(o *Options) { o.MaxBody = 2 << 20 })
	addr := strings.TrimPrefix(s.URL(), "http://")

	// Announced: a gigabyte that is never sent.
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "POST /len HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1073741824\r\n\r\n")
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(res.Body); res.StatusCode != 413 || !strings.Contains(string(b), "<title>413 Request Entity Too Large</title>") {
		t.Fatalf("announced 1 GB: %d %q", res.StatusCode, b)
	}

	// Streamed: chunks with no announced length, far past the limit.
	pr, pw := io.Pipe()
	go func() {
		chunk := make([]byte, 64<<10)
		for i := 0; i < 1<<14; i++ { // 1 GB if nobody stops it
			if _, err := pw.Write(chunk); err != nil {
				return
			}
		}
		pw.Close()
	}()
	defer pr.Close()
	req, _ := http.NewRequest("POST", s.URL()+"/len", pr)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 413 || !strings.Contains(string(b), "<title>413 Request Entity Too Large</title>") {
		t.Fatalf("streamed: %d %q", res.StatusCode, b)
	}

	// Within the limit the Worker sees the whole body.
	res, err = http.Post(s.URL()+"/len", "application/octet-stream", strings.NewReader(strings.Repeat("x", 3<<19)))
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || string(b) != strconv.Itoa(3<<19) {
		t.Fatalf("1.5 MB body: %d %q", res.StatusCode, b)
	}
}

// TestCloseIsBounded closes the server while an object runs a SQLite
// statement that never ends: Close must still return.
func TestCloseIsBounded(t *testing.T) {
	s := startCounter(t, func(o *Options) { o.ShutdownTimeout = time.Second })
	go http.Get(s.URL() + "/spin")
	time.Sleep(300 * time.Millisecond)
	start := time.Now()
	err := s.Close()
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("Close took %v", d)
	}
	t.Logf("Close: %v", err)
}

// TestHostFilesAreNotServed starts a project that imports a file outside
// its repository and serves it as its response: the server used to
// publish the file. It must refuse to start, naming the import.
func TestHostFilesAreNotServed(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "repo")
	os.MkdirAll(filepath.Join(dir, ".git"), 0o755)
	os.MkdirAll(filepath.Join(dir, "src"), 0o755)
	os.WriteFile(filepath.Join(base, "secret.txt"), []byte("TOPSECRET"), 0o644)
	os.WriteFile(filepath.Join(dir, "wrangler.jsonc"), []byte(`{ "name": "x", "main": "src/index.js", "compatibility_date": "2025-09-01" }`), 0o644)
	for _, spec := range []string{"../../secret.txt", filepath.Join(base, "secret.txt"), "/etc/passwd"} {
		os.WriteFile(filepath.Join(dir, "src", "index.js"), []byte(`import s from "`+spec+`" with { type: "text" };
export default { fetch() { return new Response(s); } };`), 0o644)
		s, err := Start(Options{Dir: dir, Addr: "127.0.0.1:0", Log: io.Discard})
		if err == nil {
			s.Close()
			t.Fatalf("import %s: served", spec)
		}
		if msg := err.Error(); !strings.Contains(msg, `import "`+spec+`" is outside the project`) || strings.Contains(msg, "TOPSECRET") || strings.Contains(msg, "root:") {
			t.Fatalf("import %s: %v", spec, msg)
		}
	}
}

// TestWorkerFetchingItself fills every turn at the edge with requests
// whose Worker fetches the server itself: those inner requests must not
// wait for a turn that only their own senders can give back. The Worker
// never sees the mark that lets them in, nor can a client forge it.
func TestWorkerFetchingItself(t *testing.T) {
	s := startCounter(t, func(o *Options) { o.MaxInFlight = 2 })
	client := &http.Client{Timeout: 10 * time.Second}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := client.Get(s.URL() + "/proxy")
			if err != nil {
				errs <- err.Error()
				return
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || string(b) != "inner null" {
				errs <- fmt.Sprintf("%d %q", res.StatusCode, b)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatalf("/proxy: %s", e)
	}
	req, _ := http.NewRequest("GET", s.URL()+"/inner", nil)
	req.Header.Set("X-Dolint-Dev-Internal", "forged")
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if string(b) != "inner null" {
		t.Fatalf("the Worker saw the mark: %q", b)
	}
}

// TestWaitingRequestsHoldNoBody sends a hundred 1 MB bodies while every
// turn at the edge is taken. Had each been buffered before waiting for its
// turn, the server would hold all of them at once; only the turns' bodies
// may be held.
func TestWaitingRequestsHoldNoBody(t *testing.T) {
	s := startCounter(t, func(o *Options) { o.MaxInFlight = 2 })
	client := &http.Client{Timeout: 30 * time.Second}
	for i := 0; i < 2; i++ {
		go func() {
			if res, err := client.Get(s.URL() + "/sleep"); err == nil {
				res.Body.Close()
			}
		}()
	}
	time.Sleep(200 * time.Millisecond)
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	body := bytes.Repeat([]byte("x"), 1<<20)
	const n = 100
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := client.Post(s.URL()+"/len", "application/octet-stream", bytes.NewReader(body))
			if err == nil {
				res.Body.Close()
			}
		}()
	}
	time.Sleep(time.Second)
	runtime.GC()
	var during runtime.MemStats
	runtime.ReadMemStats(&during)
	if grew := int64(during.HeapAlloc) - int64(before.HeapAlloc); grew > 40<<20 {
		t.Fatalf("the heap grew by %d MB while %d requests of 1 MB waited for 2 turns", grew>>20, n)
	}
	wg.Wait()
}
