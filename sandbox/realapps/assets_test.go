package realapps

import (
	"path/filepath"
	"strings"
	"testing"
)

// template is one of create-cloudflare's templates (name/lang), from the
// pinned create-cloudflare package, filled in the way create-cloudflare
// fills it for a new project.
func template(t *testing.T, name, lang string) string {
	t.Helper()
	src := filepath.Join(nodeModules(t), "create-cloudflare", "templates", name, lang)
	return app(t, src, "<WORKER_NAME>", "my-app", "<PACKAGE_NAME>", "my-app", "<COMPATIBILITY_DATE>", "2026-04-26")
}

// TestCreateCloudflareTemplates serves create-cloudflare's Durable Object
// templates, in TypeScript and JavaScript, and checks what their comments
// and pages promise: the Worker answers with the greeting it gets from
// the object's RPC method, and with static assets, / is the page from
// public/ and the path the page's script fetches is that greeting.
func TestCreateCloudflareTemplates(t *testing.T) {
	for _, lang := range []string{"ts", "js"} {
		t.Run("hello-world-durable-object/"+lang, func(t *testing.T) {
			s := serve(t, template(t, "hello-world-durable-object", lang))
			if res, body := get(t, s.URL()+"/"); res.StatusCode != 200 || body != "Hello, world!" {
				t.Errorf("GET / = %d %q, want the object's greeting \"Hello, world!\"", res.StatusCode, body)
			}
		})
		t.Run("hello-world-durable-object-with-assets/"+lang, func(t *testing.T) {
			s := serve(t, template(t, "hello-world-durable-object-with-assets", lang))
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
		})
	}
}

// TestSinglePageApp serves a single-page app whose API is a Durable
// Object, with not_found_handling = "single-page-application" and the API
// under run_worker_first, and checks what that configuration promises:
// the page and its script are served from public/, a deep link the client
// routes gets the page, and the API reaches the object, whose count
// persists between calls.
func TestSinglePageApp(t *testing.T) {
	s := serve(t, app(t, "testdata/apps/spa"))

	res, page := get(t, s.URL()+"/")
	if res.StatusCode != 200 || !strings.Contains(page, `<main id="app">`) {
		t.Fatalf("GET / = %d %.200q, want public/index.html", res.StatusCode, page)
	}
	res, script := get(t, s.URL()+"/app.js")
	if res.StatusCode != 200 || !strings.Contains(script, "/api/counters/") {
		t.Errorf("GET /app.js = %d %.200q, want public/app.js", res.StatusCode, script)
	}
	if ct := res.Header.Get("Content-Type"); !strings.Contains(ct, "javascript") {
		t.Errorf("GET /app.js Content-Type = %q, want JavaScript", ct)
	}
	// A browser following a link to a client-side route asks for the page.
	res, deep := request(t, "GET", s.URL()+"/counters/lunch", map[string]string{"Sec-Fetch-Mode": "navigate", "Accept": "text/html"})
	if res.StatusCode != 200 || deep != page {
		t.Errorf("navigating to /counters/lunch = %d %.200q, want index.html", res.StatusCode, deep)
	}

	api := s.URL() + "/api/counters/"
	for i, c := range []struct{ method, name, want string }{
		{"GET", "lunch", `{"value":0}`},
		{"POST", "lunch", `{"value":1}`},
		{"POST", "lunch", `{"value":2}`},
		{"GET", "lunch", `{"value":2}`},
		{"GET", "dinner", `{"value":0}`},
	} {
		res, body := request(t, c.method, api+c.name, nil)
		if res.StatusCode != 200 || body != c.want {
			t.Errorf("%d: %s /api/counters/%s = %d %s, want %s", i, c.method, c.name, res.StatusCode, body, c.want)
		}
	}
	// run_worker_first: the Worker answers the API's unknown paths itself,
	// not with the page.
	res, body := request(t, "GET", s.URL()+"/api/other", map[string]string{"Sec-Fetch-Mode": "navigate", "Accept": "text/html"})
	if res.StatusCode != 404 || body != `{"error":"no such API"}` {
		t.Errorf("GET /api/other = %d %.200q, want the Worker's 404", res.StatusCode, body)
	}
}
