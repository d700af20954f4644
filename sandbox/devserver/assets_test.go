package devserver

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeProject writes files (by slash path) into a new directory.
func writeProject(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func startDir(t *testing.T, dir string, mod func(*Options)) (*Server, *syncBuffer) {
	t.Helper()
	log := &syncBuffer{}
	o := Options{Dir: dir, Addr: "127.0.0.1:0", Log: log}
	if mod != nil {
		mod(&o)
	}
	s, err := Start(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, log
}

var noFollow = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// fetch returns "status location" for a redirect, "status body" otherwise.
func fetch(t *testing.T, method, url string, header ...string) string {
	t.Helper()
	req, _ := http.NewRequest(method, url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if loc := res.Header.Get("Location"); loc != "" {
		return res.Status[:3] + " " + loc
	}
	return strings.TrimSpace(res.Status[:3] + " " + strings.TrimSpace(string(b)))
}

var siteFiles = map[string]string{
	"src/index.js": `export default {
  async fetch(req, env) {
    const u = new URL(req.url);
    if (u.pathname === "/via-binding") {
      const r = await env.ASSETS.fetch(new URL(u.searchParams.get("p"), req.url));
      return new Response("binding " + r.status + " " + (await r.text()).trim());
    }
    return new Response("worker " + req.method, { status: 203 });
  },
};`,
	"public/index.html":       "home",
	"public/about/index.html": "about",
	"public/docs.html":        "docs",
	"public/404.html":         "nf",
	"public/style.css":        "x",
	"public/a.html":           "H",
	"public/a/index.html":     "AI",
	"public/_headers":         "/*\n  X-A: b",
}

func siteConfig(assets string) string {
	return `{ "name": "site", "main": "src/index.js", "compatibility_date": "2025-06-01", "assets": ` + assets + ` }`
}

// The answers of wrangler dev (miniflare 4.20260426.0) for each
// html_handling mode, with a Worker that answers 203 to whatever the
// assets leave to it.
func TestAssetsHTMLHandling(t *testing.T) {
	paths := []string{"/", "/index", "/index.html", "/about", "/about/", "/about.html", "/about/index", "/about/index.html",
		"/docs", "/docs/", "/docs.html", "/docs/index.html", "/a", "/a/", "/a.html", "/a/index.html", "/style.css", "/style.css/", "/style", "/_headers"}
	want := map[string][]string{
		"auto-trailing-slash": {"200 home", "307 /", "307 /", "307 /about/", "200 about", "307 /about/", "307 /about/", "307 /about/",
			"200 docs", "307 /docs", "307 /docs", "307 /docs", "200 H", "200 AI", "307 /a", "307 /a/", "200 x", "W", "W", "W"},
		"force-trailing-slash": {"200 home", "307 /", "307 /", "307 /about/", "200 about", "307 /about/", "307 /about/", "307 /about/",
			"307 /docs/", "200 docs", "307 /docs/", "307 /docs/", "307 /a/", "200 AI", "200 H", "307 /a/", "200 x", "W", "W", "W"},
		"drop-trailing-slash": {"200 home", "307 /", "307 /", "200 about", "307 /about", "307 /about", "307 /about", "307 /about",
			"200 docs", "307 /docs", "307 /docs", "307 /docs", "200 H", "307 /a", "307 /a", "200 AI", "200 x", "W", "W", "W"},
		"none": {"W", "W", "200 home", "W", "W", "W", "W", "200 about", "W", "W", "200 docs", "W", "W", "W", "200 H", "200 AI", "200 x", "W", "W", "W"},
	}
	for mode, answers := range want {
		files := map[string]string{"wrangler.jsonc": siteConfig(`{ "directory": "./public", "html_handling": "` + mode + `" }`)}
		for k, v := range siteFiles {
			files[k] = v
		}
		s, _ := startDir(t, writeProject(t, files), nil)
		for i, p := range paths {
			w := answers[i]
			if w == "W" {
				w = "203 worker GET"
			}
			if got := fetch(t, "GET", s.URL()+p); got != w {
				t.Errorf("%s: GET %s: got %q, want %q", mode, p, got, w)
			}
		}
	}
}

func TestAssetsRouting(t *testing.T) {
	cases := []struct {
		assets string
		checks [][]string // method, path, want, then header pairs
	}{
		{`{ "directory": "./public", "binding": "ASSETS" }`, [][]string{
			{"POST", "/", "405"},
			{"POST", "/nope", "203 worker POST"},
			{"HEAD", "/style.css", "200"},
			{"GET", "/docs.html?x=1", "307 /docs?x=1"},
			{"GET", "/%73tyle.css", "307 /style.css"},
			{"GET", "/nope", "203 worker GET", "Sec-Fetch-Mode", "navigate"},
			// The binding follows redirects and answers 404 with no
			// body where nothing matches.
			{"GET", "/via-binding?p=/about", "200 binding 200 about"},
			{"GET", "/via-binding?p=/nope", "200 binding 404"},
		}},
		{`{ "directory": "./public", "binding": "ASSETS", "not_found_handling": "single-page-application" }`, [][]string{
			{"GET", "/nope", "203 worker GET"},
			{"GET", "/app/route", "200 home", "Sec-Fetch-Mode", "navigate"},
			{"GET", "/via-binding?p=/nope", "200 binding 200 home"},
		}},
		{`{ "directory": "./public", "binding": "ASSETS", "not_found_handling": "404-page" }`, [][]string{
			{"GET", "/nope/deeper", "404 nf", "Sec-Fetch-Mode", "navigate"},
			{"GET", "/via-binding?p=/nope", "200 binding 404 nf"},
		}},
		{`{ "directory": "./public", "run_worker_first": true }`, [][]string{
			{"GET", "/style.css", "203 worker GET"},
		}},
		{`{ "directory": "./public", "run_worker_first": ["/api/*", "!/api/docs/*"] }`, [][]string{
			{"GET", "/api/style.css", "203 worker GET"},
			{"GET", "/api/docs/x", "203 worker GET"},
			{"GET", "/style.css", "200 x"},
		}},
	}
	for _, c := range cases {
		files := map[string]string{"wrangler.jsonc": siteConfig(c.assets)}
		for k, v := range siteFiles {
			files[k] = v
		}
		files["public/api/style.css"] = "api"
		s, _ := startDir(t, writeProject(t, files), nil)
		for _, ck := range c.checks {
			if got := fetch(t, ck[0], s.URL()+ck[1], ck[3:]...); got != ck[2] {
				t.Errorf("%s: %s %s: got %q, want %q", c.assets, ck[0], ck[1], got, ck[2])
			}
		}
	}
}

// A file is served with its ETag, type and cache policy, and a matching
// If-None-Match is answered 304.
func TestAssetsHeaders(t *testing.T) {
	files := map[string]string{"wrangler.jsonc": siteConfig(`{ "directory": "./public" }`)}
	for k, v := range siteFiles {
		files[k] = v
	}
	s, log := startDir(t, writeProject(t, files), nil)
	if !strings.Contains(log.String(), "does not apply these files of the assets directory: _headers") {
		t.Errorf("log:\n%s", log)
	}
	res, err := http.Get(s.URL() + "/style.css")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	etag := res.Header.Get("ETag")
	if len(etag) != 34 || res.Header.Get("Content-Type") != "text/css; charset=utf-8" || res.Header.Get("Cache-Control") != "public, max-age=0, must-revalidate" {
		t.Errorf("headers: %v", res.Header)
	}
	if got := fetch(t, "GET", s.URL()+"/style.css", "If-None-Match", etag); got != "304" {
		t.Errorf("If-None-Match: got %q, want 304", got)
	}
	if got := fetch(t, "GET", s.URL()+"/style.css", "If-None-Match", "W/"+etag); got != "304" {
		t.Errorf("weak If-None-Match: got %q, want 304", got)
	}
}

// A directory that does not exist is named, one outside the repository
// is refused, and a link out of the directory serves nothing.
func TestAssetsDirectory(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"wrangler.jsonc": siteConfig(`{ "directory": "./dist" }`),
		"src/index.js":   siteFiles["src/index.js"],
	})
	if _, err := Start(Options{Dir: dir, Addr: "127.0.0.1:0", Log: io.Discard}); err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "dist")) {
		t.Errorf("missing directory: got %v", err)
	}
	outside := writeProject(t, map[string]string{
		"wrangler.jsonc": siteConfig(`{ "directory": "../" }`),
		"src/index.js":   siteFiles["src/index.js"],
	})
	if _, err := Start(Options{Dir: outside, Addr: "127.0.0.1:0", Log: io.Discard}); err == nil || !strings.Contains(err.Error(), "is outside the repository") {
		t.Errorf("directory outside the project: got %v", err)
	}
	secret := filepath.Join(t.TempDir(), "secret.txt")
	os.WriteFile(secret, []byte("secret"), 0o644)
	os.MkdirAll(filepath.Join(dir, "dist"), 0o755)
	if err := os.Symlink(secret, filepath.Join(dir, "dist", "leak.txt")); err != nil {
		t.Skip(err)
	}
	s, _ := startDir(t, dir, nil)
	if got := fetch(t, "GET", s.URL()+"/leak.txt"); got != "203 worker GET" {
		t.Errorf("link out of the directory: got %q", got)
	}
}

// A config with assets and no main serves the files alone, with
// not_found_handling for every request, as wrangler dev does.
func TestAssetsOnly(t *testing.T) {
	files := map[string]string{"wrangler.jsonc": `{ "name": "static", "compatibility_date": "2025-06-01",
  "assets": { "directory": "./public", "not_found_handling": "404-page" } }`}
	for k, v := range siteFiles {
		if strings.HasPrefix(k, "public/") {
			files[k] = v
		}
	}
	s, _ := startDir(t, writeProject(t, files), nil)
	if s.Runtime() != nil {
		t.Error("a runtime for a project without a Worker")
	}
	for path, want := range map[string]string{"/": "200 home", "/docs.html": "307 /docs", "/nope": "404 nf", "/a/": "200 AI"} {
		if got := fetch(t, "GET", s.URL()+path); got != want {
			t.Errorf("GET %s: got %q, want %q", path, got, want)
		}
	}
	// No assets and no main is still the error it was.
	dir := writeProject(t, map[string]string{"wrangler.jsonc": `{ "name": "empty" }`})
	if _, err := Start(Options{Dir: dir, Addr: "127.0.0.1:0", Log: io.Discard}); err == nil || !strings.Contains(err.Error(), "main") {
		t.Errorf("no main: got %v", err)
	}
	if _, err := Start(Options{Dir: writeProject(t, files), Env: "staging", Addr: "127.0.0.1:0", Log: io.Discard}); err == nil || !strings.Contains(err.Error(), `no environment "staging"`) {
		t.Errorf("missing environment: got %v", err)
	}
}

func TestAssetsRules(t *testing.T) {
	c := &assetsConfig{}
	for _, tc := range []struct {
		date  string
		flags []string
		want  bool
	}{
		{"2025-03-31", nil, false},
		{"2025-04-01", nil, true},
		{"2025-03-31", []string{"assets_navigation_prefers_asset_serving"}, true},
		{"2025-06-01", []string{"assets_navigation_has_no_effect"}, false},
	} {
		c.setCompat(tc.date, tc.flags)
		if c.navigation != tc.want {
			t.Errorf("%s %v: navigation %v", tc.date, tc.flags, c.navigation)
		}
	}
	c = &assetsConfig{workerPatterns: []string{"/api/*", "!/api/public/*", "/exact"}}
	for path, want := range map[string]bool{"/api/x": true, "/api/": true, "/api": false, "/api/public/a.css": false,
		"/exact": true, "/exact/": false, "/": false} {
		if got := c.workerFirstFor(path); got != want {
			t.Errorf("run_worker_first %s: %v, want %v", path, got, want)
		}
	}
	for _, tc := range []struct {
		pattern, s string
		want       bool
	}{{"*.css", "/a/b.css", true}, {"/a/*/c", "/a/x/y/c", true}, {"/a/*/c", "/a/c", false}, {"*", "", true}} {
		if got := globMatch(tc.pattern, tc.s); got != tc.want {
			t.Errorf("globMatch(%q, %q) = %v", tc.pattern, tc.s, got)
		}
	}
}
