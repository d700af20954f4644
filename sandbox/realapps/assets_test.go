package realapps

import (
	"path/filepath"
	"strings"
	"testing"
)

// template is create-cloudflare's Durable Object template with static
// assets, from the pinned create-cloudflare package, filled in the way
// create-cloudflare fills it for a new project.
func template(t *testing.T, name string) string {
	t.Helper()
	src := filepath.Join(nodeModules(t), "create-cloudflare", "templates", name, "ts")
	return app(t, src, "<WORKER_NAME>", "assets-app", "<PACKAGE_NAME>", "assets-app", "<COMPATIBILITY_DATE>", "2026-04-26")
}

// TestAssetsTemplate serves create-cloudflare's
// hello-world-durable-object-with-assets and checks what its README and
// page promise: / is the page from public/, and the path the page's
// script fetches is answered by the Worker through the Durable Object's
// RPC method.
func TestAssetsTemplate(t *testing.T) {
	s := serve(t, template(t, "hello-world-durable-object-with-assets"))

	res, page := get(t, s.URL()+"/")
	if res.StatusCode != 200 || !strings.Contains(page, "<h1 id=\"heading\"></h1>") {
		t.Fatalf("GET / = %d %.200q, want public/index.html", res.StatusCode, page)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("GET / Content-Type = %q, want text/html", ct)
	}
	// The page's script asks the Worker for its heading.
	if !strings.Contains(page, "fetch('/message')") {
		t.Fatalf("the page no longer fetches /message; the test follows what the page does:\n%s", page)
	}
	res, msg := get(t, s.URL()+"/message")
	if res.StatusCode != 200 || msg != "Hello, world!" {
		t.Errorf("GET /message = %d %q, want the object's greeting \"Hello, world!\"", res.StatusCode, msg)
	}
}
