package sandbox

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

const gateWorker = `
import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  async fetch(req) {
    const url = new URL(req.url);
    if (url.pathname === "/read") return new Response(String(await this.ctx.storage.get("last")));
    if (url.pathname === "/write") {
      await this.ctx.storage.put("last", url.searchParams.get("v"));
      const t = Date.now();
      while (Date.now() - t < 30) {}
      return new Response("written");
    }
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1]);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }
  async webSocketMessage(ws, msg) {
    await this.ctx.storage.put("last", msg);
    ws.send("stored " + msg);
    // The turn goes on after the message: it must not leave before the
    // write above is durable.
    const t = Date.now();
    while (Date.now() - t < 30) {}
  }
}
export default { fetch(req, env) { return env.OBJ.getByName("g").fetch(req); } };
`

// TestOutputGate checks that what an object sends (a WebSocket message, a
// response) reaches the client only once the writes made before it are
// committed: a client that closes the runtime as soon as it hears back finds
// the write in storage when it opens the runtime again.
func TestOutputGate(t *testing.T) {
	dir := t.TempDir()
	open := func() *Runtime {
		rt, _ := load(t, gateWorker, func(o *Options) { o.StorageDir = dir })
		return rt
	}
	for i := range 3 {
		rt := open()
		conn, _, err := rt.ConnectWebSocket(httptest.NewRequest("GET", "http://x/ws", nil))
		if err != nil {
			t.Fatal(err)
		}
		v := fmt.Sprint("ws-", i)
		conn.SendText(v)
		if m, err := conn.Receive(5 * time.Second); err != nil || m.Text != "stored "+v {
			t.Fatalf("reply %+v %v", m, err)
		}
		rt.Close()
		if _, got := get(t, open(), "/read"); got != v {
			t.Errorf("after the reply to %q and Close, storage holds %q", v, got)
		}

		rt = open()
		v = fmt.Sprint("fetch-", i)
		if _, got := get(t, rt, "/write?v="+v); got != "written" {
			t.Fatalf("write: %q", got)
		}
		rt.Close()
		if _, got := get(t, open(), "/read"); got != v {
			t.Errorf("after the response to %q and Close, storage holds %q", v, got)
		}
	}
}

// TestCloseWhileBusy closes a runtime while requests are in flight and
// others are arriving; Close must end them all without touching the closed
// storage.
func TestCloseWhileBusy(t *testing.T) {
	for range 5 {
		rt, _ := load(t, gateWorker, func(o *Options) { o.StorageDir = t.TempDir() })
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := rt.Fetch(httptest.NewRequest("GET", fmt.Sprint("http://x/write?v=", i), nil))
				if res == nil && err != nil && !strings.Contains(err.Error(), "closed") {
					t.Errorf("fetch during Close: %v", err)
				}
			}()
		}
		time.Sleep(10 * time.Millisecond)
		rt.Close()
		wg.Wait()
	}
}
