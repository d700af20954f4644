package sandbox

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// A fetch binding answers env.NAME.fetch from its Go handler, with the
// request's method, URL, headers and body, and the handler's status,
// headers and body come back as the Response.
func TestFetchBinding(t *testing.T) {
	rt, _ := load(t, `
export class Obj {}
export default {
  async fetch(req, env) {
    const res = await env.ASSETS.fetch(new Request("http://assets.local/page?q=1", { method: "POST", body: "hi", headers: { "x-a": "b" } }));
    const empty = await env.ASSETS.fetch("http://assets.local/gone");
    return new Response(res.status + " " + res.headers.get("x-seen") + " " + await res.text() + " | " + empty.status + " " + (empty.body === null));
  },
};`, func(o *Options) {
		o.FetchBindings = map[string]http.Handler{"ASSETS": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/gone" {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			b, _ := io.ReadAll(r.Body)
			w.Header().Set("x-seen", r.Header.Get("x-a"))
			w.WriteHeader(http.StatusCreated)
			io.WriteString(w, r.Method+" "+r.URL.String()+" "+string(b))
		})}
	})
	_, got := get(t, rt, "/")
	if want := "201 b POST http://assets.local/page?q=1 hi | 304 true"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// request.cf reaches the Worker and, with the request, the object it is
// forwarded to; a request without cf has none.
func TestRequestCF(t *testing.T) {
	rt, _ := load(t, `
import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  fetch(req) { return new Response(req.cf ? req.cf.colo + " " + req.cf.latitude : "none"); }
}
export default {
  async fetch(req, env) {
    const inObject = await (await env.OBJ.getByName("a").fetch(req)).text();
    return new Response((req.cf ? req.cf.country : "none") + " / " + inObject);
  },
};`, nil)
	req := httptest.NewRequest("GET", "http://example.com/", nil)
	res, err := rt.Fetch(WithCF(req, map[string]any{"colo": "AMS", "country": "NL", "latitude": "52.37"}))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	if want := "NL / AMS 52.37"; string(b) != want {
		t.Errorf("with cf: got %q, want %q", b, want)
	}
	if _, got := get(t, rt, "/"); got != "none / none" {
		t.Errorf("without cf: got %q, want %q", got, "none / none")
	}
}
