package sandbox

import (
	"io"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"
)

const counterWorker = `
import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  n = 0;
  async fetch() { this.n++; return new Response(String(this.n)); }
  get() { return this.n; }
}
export default {
  async fetch(req, env) {
    const stub = env.OBJ.getByName("one");
    if (new URL(req.url).pathname === "/count") return new Response(String(await stub.get()));
    return stub.fetch(req);
  },
};`

// TestLoopsNeverWaitForEachOther sends more requests at one object than
// either loop's task queue holds. With posting between loops blocking, the
// Worker's loop waited for room in the object's queue while the object's
// loop waited for room in the Worker's, and every request hung.
func TestLoopsNeverWaitForEachOther(t *testing.T) {
	rt, _ := load(t, counterWorker, nil)
	const n = 5000
	var wg sync.WaitGroup
	seen := make([]bool, n+1)
	var mu sync.Mutex
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := rt.Fetch(httptest.NewRequest("GET", "http://x/inc", nil))
			if err != nil {
				errs <- err
				return
			}
			b, _ := io.ReadAll(res.Body)
			v, err := strconv.Atoi(string(b))
			if err != nil || v < 1 || v > n {
				errs <- err
				return
			}
			mu.Lock()
			seen[v] = true
			mu.Unlock()
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("requests still unanswered after 60 s: the loops are blocked on each other")
	}
	close(errs)
	for err := range errs {
		t.Fatalf("request failed: %v", err)
	}
	for v := 1; v <= n; v++ {
		if !seen[v] {
			t.Fatalf("no request saw count %d", v)
		}
	}
	res, err := rt.Fetch(httptest.NewRequest("GET", "http://x/count", nil))
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(res.Body); string(b) != strconv.Itoa(n) {
		t.Fatalf("count = %s, want %d", b, n)
	}
}

// TestSelfPostsDoNotBlock settles more promises in one turn than the
// loop's queue holds: a loop that posted each settlement to itself would
// wait forever for room only it can make.
func TestSelfPostsDoNotBlock(t *testing.T) {
	rt, _ := load(t, `
export class Obj {}
export default {
  async fetch() {
    const all = [];
    for (let i = 0; i < 2000; i++) all.push(fetch("http://example.com/").catch(() => 1));
    const r = await Promise.all(all);
    return new Response(String(r.length));
  },
};`, nil)
	done := make(chan string, 1)
	go func() {
		res, err := rt.Fetch(httptest.NewRequest("GET", "http://x/", nil))
		if err != nil {
			done <- err.Error()
			return
		}
		b, _ := io.ReadAll(res.Body)
		done <- string(b)
	}()
	select {
	case got := <-done:
		if got != "2000" {
			t.Fatalf("got %q, want 2000", got)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the Worker's loop blocked posting to itself")
	}
}
