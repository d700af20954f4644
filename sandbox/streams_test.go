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
