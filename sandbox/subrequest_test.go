package sandbox

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// A Worker that fetches itself, through the network or through an object
// that calls itself, is stopped after workerd's depth; an event is allowed
// so many subrequests; and a body over the limit never reaches the Worker.
func TestSubrequestLimits(t *testing.T) {
	var rt *Runtime
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res, _ := rt.Fetch(r)
		w.WriteHeader(res.StatusCode)
		io.Copy(w, res.Body)
	}))
	defer srv.Close()
	rt, _ = load(t, `
import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  async fetch(req) {
    const n = Number(new URL(req.url).searchParams.get("n"));
    try {
      const res = await this.env.OBJ.getByName("o" + (n + 1)).fetch("http://x/?n=" + (n + 1));
      return res;
    } catch (e) { return new Response(n + " " + e.message); }
  }
}
export default {
  async fetch(req, env) {
    const u = new URL(req.url);
    if (u.pathname === "/self") {
      const n = Number(u.searchParams.get("n"));
      try { return await fetch(u.origin + "/self?n=" + (n + 1)); } catch (e) { return new Response(n + " " + e.message); }
    }
    if (u.pathname === "/object") return env.OBJ.getByName("o0").fetch("http://x/?n=0");
    if (u.pathname === "/many") {
      let i = 0;
      try { for (; i < 100; i++) await env.OBJ.getByName("m").fetch("http://x/?n=100"); } catch (e) { return new Response(i + " " + e.message); }
      return new Response("all " + i);
    }
    if (u.pathname === "/body") return new Response(String((await req.arrayBuffer()).byteLength));
    return new Response("?");
  },
};`, func(o *Options) {
		o.AllowFetch = []string{srv.URL}
		o.Limits = Limits{CPU: 2 * time.Second, Subrequests: 5, RequestBody: 1000}
	})
	get := func(path string) string {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		return string(b)
	}
	// The request from outside is depth 1; the Worker at depth 16 may not go on.
	if got := get("/self?n=1"); got != "16 "+msgDepth {
		t.Errorf("self fetch: %q", got)
	}
	// The Worker is depth 1, object o0 depth 2, o14 depth 16.
	if got := get("/object"); got != "14 "+msgDepth {
		t.Errorf("object recursion: %q", got)
	}
	// Each call to m goes one deeper into objects m calls in turn: m's own
	// subrequest count is what stops the chain, at depth 16 at the latest.
	if got := get("/many"); !strings.HasSuffix(got, msgSubrequests) || !strings.HasPrefix(got, "5 ") {
		t.Errorf("subrequest count: %q", got)
	}
	for _, c := range []struct {
		size   int
		status int
		body   string
	}{{1000, 200, "1000"}, {1001, 413, "413 Request Entity Too Large"}} {
		res, err := rt.Fetch(httptest.NewRequest("POST", "http://x/body", strings.NewReader(strings.Repeat("x", c.size))))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != c.status || !strings.Contains(string(b), c.body) {
			t.Errorf("body of %d bytes: %d %q", c.size, res.StatusCode, b)
		}
		// A body of unknown length is cut off as it is read.
		req := httptest.NewRequest("POST", "http://x/body", io.MultiReader(strings.NewReader(strings.Repeat("x", c.size))))
		req.ContentLength = -1
		if res, _ := rt.Fetch(req); res.StatusCode != c.status {
			t.Errorf("body of %d bytes, unknown length: %d", c.size, res.StatusCode)
		}
	}
}
