package devserver

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Any request path resolves without a panic, and what it resolves to is a
// file of the directory or a redirect to a path of this server.
func FuzzAssetPaths(f *testing.F) {
	for _, s := range []string{"/", "/index", "/a/", "/a.html", "/%2e%2e/secret", "/x/../..//a", "*", "/%zz", "/a/index.html", "/.html", "//"} {
		f.Add(s)
	}
	dir := writeProject(f, map[string]string{"public/index.html": "home", "public/a.html": "A", "public/a/index.html": "AI", "public/404.html": "nf"})
	servers := map[string]*assetServer{}
	for _, mode := range []string{"auto-trailing-slash", "force-trailing-slash", "drop-trailing-slash", "none"} {
		a, err := newAssetServer(&assetsConfig{dir: dir + "/public", html: mode, notFound: "404-page"}, dir)
		if err != nil {
			f.Fatal(err)
		}
		f.Cleanup(a.close)
		servers[mode] = a
	}
	f.Fuzz(func(t *testing.T, path string) {
		for mode, a := range servers {
			it := a.resolve(decodePath(path), "404-page", false)
			if it != nil && it.file != "" && a.etag(it.file) == "" {
				t.Errorf("%s %q resolved to %q, which serves nothing", mode, path, it.file)
			}
			req := httptest.NewRequest("GET", "http://localhost/", nil)
			req.URL.RawPath, req.URL.Path = "", ""
			if u, err := req.URL.Parse(path); err == nil {
				req.URL = u
			}
			rec := httptest.NewRecorder()
			if a.serve(rec, req, "404-page") && rec.Code == http.StatusTemporaryRedirect {
				if loc := rec.Header().Get("Location"); !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") {
					t.Errorf("%s %q redirects off the server to %q", mode, path, loc)
				}
			}
		}
	})
}
