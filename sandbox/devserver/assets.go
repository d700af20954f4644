package devserver

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// assetsConfig is the assets key of a wrangler config.
type assetsConfig struct {
	dir     string // absolute
	binding string
	// html is html_handling: auto-trailing-slash (the default),
	// force-trailing-slash, drop-trailing-slash or none.
	html string
	// notFound is not_found_handling: none (the default), 404-page or
	// single-page-application.
	notFound string
	// workerFirst is run_worker_first: every request (all) or those
	// whose path the patterns select.
	workerFirst    bool
	workerPatterns []string
	// navigation is set when a navigation request (Sec-Fetch-Mode:
	// navigate) that matches no file gets not_found_handling rather than
	// the Worker: the assets_navigation_prefers_asset_serving flag, on by
	// default from 2025-04-01.
	navigation bool
}

func parseAssets(a map[string]any, dir, configPath string) (*assetsConfig, error) {
	c := &assetsConfig{html: "auto-trailing-slash", notFound: "none"}
	d, _ := a["directory"].(string)
	if d == "" {
		// A Worker may declare only the binding; wrangler then serves
		// no files, and neither does dolint dev.
		if b, _ := a["binding"].(string); b == "" {
			return nil, fmt.Errorf("%s: assets needs a \"directory\" (or at least a \"binding\")", configPath)
		}
	} else {
		c.dir = filepath.Join(dir, filepath.FromSlash(d))
	}
	c.binding, _ = a["binding"].(string)
	if v, ok := a["html_handling"].(string); ok {
		switch v {
		case "auto-trailing-slash", "force-trailing-slash", "drop-trailing-slash", "none":
			c.html = v
		default:
			return nil, fmt.Errorf("%s: assets.html_handling %q is not one of auto-trailing-slash, force-trailing-slash, drop-trailing-slash, none", configPath, v)
		}
	}
	if v, ok := a["not_found_handling"].(string); ok {
		switch v {
		case "none", "404-page", "single-page-application":
			c.notFound = v
		default:
			return nil, fmt.Errorf("%s: assets.not_found_handling %q is not one of none, 404-page, single-page-application", configPath, v)
		}
	}
	switch v := a["run_worker_first"].(type) {
	case bool:
		c.workerFirst = v
	case []any:
		for _, p := range v {
			if s, ok := p.(string); ok {
				c.workerPatterns = append(c.workerPatterns, s)
			}
		}
	}
	return c, nil
}

// setCompat decides navigation from the Worker's compatibility settings.
func (c *assetsConfig) setCompat(date string, flags []string) {
	c.navigation = date >= "2025-04-01"
	for _, f := range flags {
		switch f {
		case "assets_navigation_prefers_asset_serving":
			c.navigation = true
		case "assets_navigation_has_no_effect":
			c.navigation = false
		}
	}
}

// workerFirstFor reports whether the Worker sees a request for pathname
// before the assets are looked at.
func (c *assetsConfig) workerFirstFor(pathname string) bool {
	if c.workerFirst {
		return true
	}
	hit := false
	for _, p := range c.workerPatterns {
		if neg, ok := strings.CutPrefix(p, "!"); ok {
			if globMatch(neg, pathname) {
				return false
			}
		} else if globMatch(p, pathname) {
			hit = true
		}
	}
	return hit
}

// globMatch matches a run_worker_first pattern, where * stands for any
// run of characters, slashes included.
func globMatch(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == s
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for _, mid := range parts[1 : len(parts)-1] {
		i := strings.Index(s, mid)
		if i < 0 {
			return false
		}
		s = s[i+len(mid):]
	}
	return strings.HasSuffix(s, parts[len(parts)-1])
}

// assetServer serves an assets directory the way the platform's asset
// worker does in wrangler dev.
type assetServer struct {
	cfg  *assetsConfig
	root *os.Root // nil when only a binding is declared

	mu     sync.Mutex
	hashes map[string]fileHash
}

type fileHash struct {
	size int64
	mod  time.Time
	etag string
}

// repositoryRoot is the nearest directory at or above dir that holds
// .git, else dir: the bundler reads no file outside it either.
func repositoryRoot(dir string) string {
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		if d == filepath.Dir(d) {
			return dir
		}
	}
}

// inside reports whether path, links resolved, is root or below it.
func inside(path, root string) bool {
	p, err1 := filepath.EvalSymlinks(path)
	r, err2 := filepath.EvalSymlinks(root)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(r, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func newAssetServer(c *assetsConfig, projectDir string) (*assetServer, error) {
	a := &assetServer{cfg: c, hashes: map[string]fileHash{}}
	if c.dir != "" {
		// Checked only now, since build.command may be what makes it.
		if st, err := os.Stat(c.dir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("the directory of assets.directory does not exist: %s", c.dir)
		}
		if root := repositoryRoot(projectDir); !inside(c.dir, root) {
			return nil, fmt.Errorf("assets.directory %s is outside the repository %s; dolint dev serves files from inside it only, as it bundles only them", c.dir, root)
		}
		r, err := os.OpenRoot(c.dir)
		if err != nil {
			return nil, err
		}
		a.root = r
	}
	return a, nil
}

func (a *assetServer) close() {
	if a.root != nil {
		a.root.Close()
	}
}

// unapplied lists the files of the assets directory that configure
// wrangler's upload or the platform's headers and redirects, which dolint
// dev neither serves nor follows.
func (a *assetServer) unapplied() []string {
	var out []string
	for _, name := range []string{".assetsignore", "_headers", "_redirects"} {
		if a.root == nil {
			break
		}
		if st, err := a.root.Stat(name); err == nil && st.Mode().IsRegular() {
			out = append(out, name)
		}
	}
	return out
}

// notServed are the files of an assets directory that configure the
// upload rather than being uploaded.
var notServed = map[string]bool{".assetsignore": true, "_headers": true, "_redirects": true}

// etag returns the tag of the file at the URL path p, or "" when no
// file is served there. Files are read through an os.Root, so that no
// path or link leads out of the directory.
func (a *assetServer) etag(p string) string {
	rel := strings.TrimPrefix(p, "/")
	if a.root == nil || rel == "" || strings.HasSuffix(rel, "/") || notServed[rel] {
		return ""
	}
	for _, seg := range strings.Split(rel, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return ""
		}
	}
	st, err := a.root.Stat(rel)
	if err != nil || !st.Mode().IsRegular() {
		return ""
	}
	a.mu.Lock()
	h, ok := a.hashes[rel]
	a.mu.Unlock()
	if ok && h.size == st.Size() && h.mod.Equal(st.ModTime()) {
		return h.etag
	}
	f, err := a.root.Open(rel)
	if err != nil {
		return ""
	}
	defer f.Close()
	sum := sha256.New()
	if _, err := io.Copy(sum, f); err != nil {
		return ""
	}
	h = fileHash{size: st.Size(), mod: st.ModTime(), etag: hex.EncodeToString(sum.Sum(nil)[:16])}
	a.mu.Lock()
	a.hashes[rel] = h
	a.mu.Unlock()
	return h.etag
}

// intent is what a path resolves to: a file to serve with a status, or
// a path to redirect to.
type intent struct {
	file     string
	status   int
	redirect string
}

// step is one try of an html_handling mode: serve file when it exists
// (dest empty), or redirect to dest when file exists, dest is no file
// itself and dest, resolved without redirects, serves the same contents.
type step struct{ file, dest string }

// steps lists the tries of mode for the decoded path p, in order.
func steps(mode, p string) []step {
	serve := func(f string) step { return step{file: f} }
	redir := func(f, d string) step { return step{f, d} }
	var s []step
	switch mode {
	case "none":
		return []step{serve(p)}
	case "auto-trailing-slash":
		switch {
		case strings.HasSuffix(p, "/index"):
			s = []step{serve(p), redir(p+".html", p[:len(p)-5]), redir(p[:len(p)-6]+".html", p[:len(p)-6])}
		case strings.HasSuffix(p, "/index.html"):
			s = []step{redir(p, p[:len(p)-10]), redir(p[:len(p)-11]+".html", p[:len(p)-11])}
		case strings.HasSuffix(p, "/"):
			s = []step{serve(p + "index.html"), redir(p[:len(p)-1]+".html", p[:len(p)-1])}
		case strings.HasSuffix(p, ".html"):
			s = []step{redir(p, p[:len(p)-5]), redir(p[:len(p)-5]+"/index.html", p[:len(p)-5]+"/")}
		}
		return append(s, serve(p), serve(p+".html"), redir(p+"/index.html", p+"/"))
	case "force-trailing-slash":
		switch {
		case strings.HasSuffix(p, "/index"):
			s = []step{serve(p), redir(p+".html", p[:len(p)-5]), redir(p[:len(p)-6]+".html", p[:len(p)-5])}
		case strings.HasSuffix(p, "/index.html"):
			s = []step{redir(p, p[:len(p)-10]), redir(p[:len(p)-11]+".html", p[:len(p)-10])}
		case strings.HasSuffix(p, "/"):
			s = []step{serve(p + "index.html"), serve(p[:len(p)-1] + ".html")}
		case strings.HasSuffix(p, ".html"):
			s = []step{redir(p, p[:len(p)-5]+"/"), serve(p), redir(p[:len(p)-5]+"/index.html", p[:len(p)-5]+"/")}
		}
		return append(s, serve(p), redir(p+".html", p+"/"), redir(p+"/index.html", p+"/"))
	case "drop-trailing-slash":
		switch {
		case strings.HasSuffix(p, "/index"):
			s = []step{serve(p)}
			if p == "/index" {
				s = append(s, redir("/index.html", "/"))
			} else {
				s = append(s, redir(p[:len(p)-6]+".html", p[:len(p)-6]), redir(p+".html", p[:len(p)-6]))
			}
		case p == "/index.html":
			s = []step{redir(p, "/")}
		case strings.HasSuffix(p, "/index.html"):
			s = []step{redir(p, p[:len(p)-11]), serve(p), redir(p[:len(p)-11]+".html", p[:len(p)-11])}
		case p == "/":
			s = []step{serve("/index.html")}
		case strings.HasSuffix(p, "/"):
			s = []step{redir(p[:len(p)-1]+".html", p[:len(p)-1]), redir(p[:len(p)-1]+"/index.html", p[:len(p)-1])}
		case strings.HasSuffix(p, ".html"):
			s = []step{redir(p, p[:len(p)-5]), redir(p[:len(p)-5]+"/index.html", p[:len(p)-5])}
		}
		return append(s, serve(p), serve(p+".html"), serve(p+"/index.html"))
	}
	return nil
}

// resolve finds what p resolves to under notFound handling, or nil.
// Redirects are not followed when skip is set (the check of a redirect's
// destination).
func (a *assetServer) resolve(p, notFound string, skip bool) *intent {
	for _, st := range steps(a.cfg.html, p) {
		if st.dest == "" {
			if a.etag(st.file) != "" {
				return &intent{file: st.file, status: http.StatusOK}
			}
			continue
		}
		if skip {
			continue
		}
		tag := a.etag(st.file)
		if tag == "" || a.etag(st.dest) != "" {
			continue
		}
		if to := a.resolve(st.dest, notFound, true); to != nil && to.file != "" && a.etag(to.file) == tag {
			return &intent{redirect: st.dest}
		}
	}
	switch notFound {
	case "single-page-application":
		if a.etag("/index.html") != "" {
			return &intent{file: "/index.html", status: http.StatusOK}
		}
	case "404-page":
		for dir := p; strings.Contains(dir, "/"); {
			dir = dir[:strings.LastIndex(dir, "/")]
			if f := dir + "/404.html"; a.etag(f) != "" {
				return &intent{file: f, status: http.StatusNotFound}
			}
		}
	}
	return nil
}

// serve answers r from the assets under notFound handling; false means
// no file and no redirect applies, and nothing was written.
func (a *assetServer) serve(w http.ResponseWriter, r *http.Request, notFound string) bool {
	raw := r.URL.EscapedPath()
	if raw == "" {
		raw = "/"
	}
	decoded := decodePath(raw)
	if !strings.HasPrefix(decoded, "/") {
		// "OPTIONS *" and the like name no file.
		return false
	}
	it := a.resolve(decoded, notFound, false)
	if it == nil {
		return false
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.WriteHeader(http.StatusMethodNotAllowed)
		return true
	}
	dest := decoded
	if it.redirect != "" {
		dest = it.redirect
	}
	if enc := encodePath(dest); it.redirect != "" || enc != raw {
		loc := enc
		if r.URL.RawQuery != "" {
			loc += "?" + r.URL.RawQuery
		}
		w.Header().Set("Location", loc)
		w.WriteHeader(http.StatusTemporaryRedirect)
		return true
	}
	tag := a.etag(it.file)
	f, err := a.root.Open(strings.TrimPrefix(it.file, "/"))
	if tag == "" || err != nil {
		return false
	}
	defer f.Close()
	h := w.Header()
	h.Set("ETag", `"`+tag+`"`)
	h.Set("Content-Type", contentType(it.file))
	if r.Header.Get("Authorization") == "" && r.Header.Get("Range") == "" {
		h.Set("Cache-Control", "public, max-age=0, must-revalidate")
	}
	if m := r.Header.Get("If-None-Match"); m == `"`+tag+`"` || m == `W/"`+tag+`"` {
		w.WriteHeader(http.StatusNotModified)
		return true
	}
	w.WriteHeader(it.status)
	if r.Method != http.MethodHead {
		io.Copy(w, f)
	}
	return true
}

// bindingHandler is the ASSETS binding: it serves with not_found_handling
// and follows redirects, as fetch through the binding does; a path no file
// matches is a 404 with no body.
func (a *assetServer) bindingHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for range 10 {
			rec := &redirectCatcher{ResponseWriter: w}
			if !a.serve(rec, r, a.cfg.notFound) {
				w.WriteHeader(http.StatusNotFound)
				return
			}
			if rec.location == "" {
				return
			}
			next, err := r.URL.Parse(rec.location)
			if err != nil {
				w.WriteHeader(http.StatusNotFound)
				return
			}
			r = r.Clone(r.Context())
			r.URL = next
		}
		w.WriteHeader(http.StatusNotFound)
	})
}

// redirectCatcher passes a response through, except a redirect, whose
// target it keeps instead.
type redirectCatcher struct {
	http.ResponseWriter
	location string
}

func (c *redirectCatcher) WriteHeader(status int) {
	if status == http.StatusTemporaryRedirect {
		c.location = c.ResponseWriter.Header().Get("Location")
		c.ResponseWriter.Header().Del("Location")
		return
	}
	c.ResponseWriter.WriteHeader(status)
}

// decodePath decodes each segment of an escaped path as
// decodeURIComponent would (a malformed one stays as it is) and folds
// runs of slashes.
func decodePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if d, err := url.PathUnescape(s); err == nil {
			segs[i] = d
		}
	}
	out := strings.Join(segs, "/")
	for strings.Contains(out, "//") {
		out = strings.ReplaceAll(out, "//", "/")
	}
	return out
}

// encodePath escapes each segment as encodeURIComponent does.
func encodePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = encodeURIComponent(s)
	}
	return strings.Join(segs, "/")
}

func encodeURIComponent(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-_.!~*'()", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// webTypes are the content types of common web files, so that they do
// not depend on the machine's MIME tables.
var webTypes = map[string]string{
	".html": "text/html", ".htm": "text/html", ".css": "text/css", ".js": "text/javascript",
	".mjs": "text/javascript", ".json": "application/json", ".map": "application/json",
	".txt": "text/plain", ".xml": "text/xml", ".svg": "image/svg+xml", ".png": "image/png",
	".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
	".avif": "image/avif", ".ico": "image/x-icon", ".woff": "font/woff", ".woff2": "font/woff2",
	".ttf": "font/ttf", ".otf": "font/otf", ".wasm": "application/wasm", ".pdf": "application/pdf",
	".webmanifest": "application/manifest+json", ".mp4": "video/mp4", ".webm": "video/webm",
	".mp3": "audio/mpeg", ".wav": "audio/wav",
}

func contentType(file string) string {
	ext := strings.ToLower(path.Ext(file))
	t, ok := webTypes[ext]
	if !ok {
		if t = mime.TypeByExtension(ext); t == "" {
			return "application/octet-stream"
		}
		return t
	}
	if strings.HasPrefix(t, "text/") || t == "application/json" || t == "image/svg+xml" || t == "application/manifest+json" {
		t += "; charset=utf-8"
	}
	return t
}
