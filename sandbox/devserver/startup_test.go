package devserver

import (
	"crypto/tls"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const echoWorker = `export default {
  async fetch(req) {
    return Response.json({ headers: Object.fromEntries(req.headers), cf: req.cf, url: req.url });
  },
};`

// The Worker sees the Host header, CF-Connecting-IP and request.cf, as
// under wrangler dev.
func TestRequestAsTheEdgeGivesIt(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"wrangler.jsonc": `{ "name": "echo", "main": "src/index.js", "compatibility_date": "2025-06-01" }`,
		"src/index.js":   echoWorker,
	})
	s, _ := startDir(t, dir, nil)
	res, err := http.Get(s.URL() + "/x")
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Headers map[string]string
		CF      map[string]any
		URL     string
	}
	json.NewDecoder(res.Body).Decode(&got)
	res.Body.Close()
	host := strings.TrimPrefix(s.URL(), "http://")
	if got.Headers["host"] != host || got.Headers["cf-connecting-ip"] != "127.0.0.1" {
		t.Errorf("headers: %v", got.Headers)
	}
	for _, k := range []string{"colo", "country", "latitude", "longitude", "timezone", "asn", "city", "continent"} {
		if v, ok := got.CF[k]; !ok || v == "" {
			t.Errorf("request.cf.%s missing: %v", k, got.CF)
		}
	}
	if got.CF["httpProtocol"] != "HTTP/1.1" || got.CF["tlsVersion"] != "" {
		t.Errorf("request.cf protocol: %v %v", got.CF["httpProtocol"], got.CF["tlsVersion"])
	}

	// Over https the URL, the protocol and the TLS version follow.
	s2, _ := startDir(t, dir, func(o *Options) { o.HTTPS = true })
	if !strings.HasPrefix(s2.URL(), "https://") {
		t.Fatalf("URL %s", s2.URL())
	}
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	res, err = c.Get(s2.URL() + "/y")
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(res.Body).Decode(&got)
	res.Body.Close()
	if !strings.HasPrefix(got.URL, "https://") || got.CF["tlsVersion"] != "TLSv1.3" {
		t.Errorf("https: url %s, tlsVersion %v", got.URL, got.CF["tlsVersion"])
	}
}

// A busy port is named with the flag that picks another.
func TestBusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	dir := writeProject(t, map[string]string{
		"wrangler.jsonc": `{ "name": "echo", "main": "src/index.js", "compatibility_date": "2025-06-01" }`,
		"src/index.js":   echoWorker,
	})
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	_, err = Start(Options{Dir: dir, Addr: ln.Addr().String(), Log: io.Discard})
	if err == nil || !strings.Contains(err.Error(), "port "+port+" is already in use") || !strings.Contains(err.Error(), "--port") {
		t.Errorf("got %v", err)
	}
}

// A bare import that does not resolve names the package and the command
// that installs it with the project's package manager.
func TestMissingDependency(t *testing.T) {
	worker := `import { Server } from "partyserver";
import { z } from "zod/v4";
export default { fetch() { return new Response(String(Server) + z); } };`
	cases := []struct {
		files map[string]string
		want  []string
	}{
		{map[string]string{
			"package.json":   `{ "dependencies": { "partyserver": "^0.0.1" } }`,
			"pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
		}, []string{`"partyserver" is a dependency in `, "run `pnpm install` in ", `"zod" is not installed: add it with ` + "`pnpm add zod`"}},
		{map[string]string{
			"package.json":      `{ "devDependencies": { "partyserver": "^0.0.1", "zod": "4" } }`,
			"package-lock.json": "{}",
		}, []string{"run `npm install` in ", `"zod" is a dependency`}},
		{map[string]string{}, []string{"`npm install partyserver`", "`npm install zod`"}},
	}
	for i, c := range cases {
		files := map[string]string{
			"wrangler.jsonc": `{ "name": "p", "main": "src/index.js", "compatibility_date": "2025-06-01" }`,
			"src/index.js":   worker,
		}
		for k, v := range c.files {
			files[k] = v
		}
		dir := writeProject(t, files)
		_, err := Start(Options{Dir: dir, Addr: "127.0.0.1:0", Log: io.Discard})
		if err == nil {
			t.Fatalf("case %d: started", i)
		}
		msg := err.Error()
		if !strings.Contains(msg, `Could not resolve "partyserver"`) {
			t.Errorf("case %d: the bundler's message is gone: %s", i, msg)
		}
		for _, w := range c.want {
			if !strings.Contains(msg, w) {
				t.Errorf("case %d: %q missing from:\n%s", i, w, msg)
			}
		}
	}

	// Installed but not resolvable is another problem: no hint.
	dir := writeProject(t, map[string]string{
		"wrangler.jsonc":                   `{ "name": "p", "main": "src/index.js", "compatibility_date": "2025-06-01" }`,
		"src/index.js":                     `import "broken";`,
		"node_modules/broken/package.json": `{ "name": "broken", "main": "missing.js" }`,
		"package.json":                     `{ "dependencies": { "broken": "1" } }`,
	})
	_, err := Start(Options{Dir: dir, Addr: "127.0.0.1:0", Log: io.Discard})
	if err == nil || strings.Contains(err.Error(), "hint") {
		t.Errorf("installed package: got %v", err)
	}
}

// Bindings the sandbox does not provide are named once at start-up, and
// build.command runs only when asked, before the bundle.
func TestStartupNotes(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"wrangler.toml": `name = "p"
main = "src/index.js"
compatibility_date = "2025-06-01"

[build]
command = "mkdir -p gen && echo 'export const v = 42;' > gen/v.js"

[[kv_namespaces]]
binding = "CACHE"
id = "x"

[[r2_buckets]]
binding = "FILES"
bucket_name = "f"

[ai]
binding = "AI"

[triggers]
crons = ["0 * * * *"]

[[queues.consumers]]
queue = "q"
`,
		"src/index.js": `import { v } from "../gen/v.js"; export default { fetch(req, env) { return new Response(v + " " + typeof env.CACHE); } };`,
	})
	_, err := Start(Options{Dir: dir, Addr: "127.0.0.1:0", Log: io.Discard})
	if err == nil || !strings.Contains(err.Error(), "gen/v.js") {
		t.Errorf("without the build: got %v", err)
	}
	s, log := startDir(t, dir, func(o *Options) { o.Build = true })
	if got := fetch(t, "GET", s.URL()+"/"); got != "200 42 undefined" {
		t.Errorf("got %q", got)
	}
	out := log.String()
	if n := strings.Count(out, "does not provide"); n != 1 || !strings.Contains(out, "ai (AI); kv_namespaces (CACHE); r2_buckets (FILES)") {
		t.Errorf("log:\n%s", out)
	}
	if !strings.Contains(out, "▲ dolint dev does not run: queues.consumers (the queue handler is never called); triggers.crons (the scheduled handler is never called)\n") {
		t.Errorf("log:\n%s", out)
	}
	if !strings.Contains(out, "[custom build] Running: mkdir") {
		t.Errorf("log:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "gen", "v.js")); err != nil {
		t.Error(err)
	}

	// A failing build stops the start, naming the command.
	os.WriteFile(filepath.Join(dir, "wrangler.toml"), []byte("name = \"p\"\nmain = \"src/index.js\"\n[build]\ncommand = \"exit 3\"\n"), 0o644)
	if _, err := Start(Options{Dir: dir, Addr: "127.0.0.1:0", Log: io.Discard, Build: true}); err == nil || !strings.Contains(err.Error(), `build.command "exit 3" failed`) {
		t.Errorf("failing build: got %v", err)
	}
}

// A server on every interface answers requests that name one of the
// machine's addresses, and still no other name; the Worker reaches it
// through loopback.
func TestListenOnAllInterfaces(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"wrangler.jsonc": `{ "name": "echo", "main": "src/index.js", "compatibility_date": "2025-06-01" }`,
		"src/index.js": `export default {
  async fetch(req) {
    const u = new URL(req.url);
    if (u.pathname === "/self") return fetch("http://127.0.0.1:" + u.port + "/");
    return new Response("ok");
  },
};`,
	})
	s, _ := startDir(t, dir, func(o *Options) { o.Addr = "0.0.0.0:0" })
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(s.URL(), "http://"))
	addrs, err := net.InterfaceAddrs()
	if err != nil || len(addrs) == 0 {
		t.Skip("no interface addresses")
	}
	for _, a := range addrs {
		n, ok := a.(*net.IPNet)
		if !ok || n.IP.To4() == nil {
			continue
		}
		req, _ := http.NewRequest("GET", "http://127.0.0.1:"+port+"/", nil)
		req.Host = net.JoinHostPort(n.IP.String(), port)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("Host %s: status %d", req.Host, res.StatusCode)
		}
	}
	// The Worker reaches itself through loopback.
	if got := fetch(t, "GET", "http://127.0.0.1:"+port+"/self"); got != "200 ok" {
		t.Errorf("self fetch: got %q", got)
	}
	req, _ := http.NewRequest("GET", "http://127.0.0.1:"+port+"/", nil)
	req.Host = "evil.example:" + port
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("Host evil.example: status %d", res.StatusCode)
	}
}

// A Worker that passes its request on to its own origin does not pass on
// the client's CF-Connecting-IP: the subrequest gets the server's view.
func TestConnectingIPNotForwarded(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"wrangler.jsonc": `{ "name": "p", "main": "src/index.js", "compatibility_date": "2025-06-01" }`,
		"src/index.js": `export default {
  async fetch(req) {
    const u = new URL(req.url);
    if (u.pathname === "/inner") return new Response(req.headers.get("cf-connecting-ip"));
    return fetch(new Request(u.origin + "/inner", req));
  },
};`,
	})
	s, _ := startDir(t, dir, nil)
	req, _ := http.NewRequest("GET", s.URL()+"/", nil)
	req.Header.Set("CF-Connecting-IP", "203.0.113.9")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if string(b) != "127.0.0.1" {
		t.Errorf("inner request saw CF-Connecting-IP %q, want the loopback address", b)
	}
}
