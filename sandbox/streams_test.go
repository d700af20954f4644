package sandbox

import (
	"os"
	"path/filepath"
	"testing"
)

// streamsWant is what testdata/streams-script.js gives under Node 20's
// implementation of the Streams standard, which the sandbox's must match.
const streamsWant = `1 ab true true
1b TypeError false
2 2 0,1,2,3,4 5
3 XY!
4 1,2,3,closed
5 boom boom
6 pq pq
7 2,1,0,-1 false abc 0
8 h|éllo |€ 2,1 true
9 enough true
10 a,bc,d true
11 bad chunk bad chunk
12 stop stop
13 3 1 TypeError ab`

// TestStreams runs the script's cases (reading, pulling to the high-water
// mark, pipeThrough and pipeTo, errors and aborts passed along a pipe,
// tee, a writer's backpressure, text streams across split characters,
// cancel, a TransformStream subclass) in a Worker and compares each
// line with Node's.
func TestStreams(t *testing.T) {
	script, err := os.ReadFile(filepath.Join("testdata", "streams-script.js"))
	if err != nil {
		t.Fatal(err)
	}
	rt, _ := load(t, string(script)+`
export class Obj {}
export default { async fetch() { return new Response(await streamsScript()); } };`, nil)
	if _, got := get(t, rt, "/"); got != streamsWant {
		t.Errorf("got:\n%s\nwant (Node's):\n%s", got, streamsWant)
	}
}

// A body's stream reads its bytes and can be passed on as another body; a
// stream made by the Worker cannot be a body, and says so.
func TestBodyStreams(t *testing.T) {
	rt, _ := load(t, `
export class Obj {}
export default {
  async fetch(req) {
    const path = new URL(req.url).pathname;
    if (path === "/read") {
      const res = new Response("héllo");
      const r = res.body.getReader();
      const parts = [];
      for (;;) { const { done, value } = await r.read(); if (done) break; parts.push(new TextDecoder().decode(value)); }
      return new Response(parts.join("") + " " + res.bodyUsed + " " + (res.body instanceof ReadableStream) + " " + (new Response(null).body === null));
    }
    if (path === "/pass") {
      const upstream = new Response("passed on", { headers: { "content-type": "text/x-test" } });
      return new Response(upstream.body, upstream);
    }
    const made = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("x")); c.close(); } });
    try { new Response(made); return new Response("accepted"); } catch (e) { return new Response(e.name + ": " + e.message); }
  },
};`, nil)
	for path, want := range map[string]string{
		"/read": "héllo true true true",
		"/pass": "passed on",
		"/made": "TypeError: A ReadableStream as a Request or Response body is not supported by dolint's runtime, which buffers bodies whole; pass a string, an ArrayBuffer, a typed array or a Blob.",
	} {
		if _, got := get(t, rt, path); got != want {
			t.Errorf("%s: %q, want %q", path, got, want)
		}
	}
}
