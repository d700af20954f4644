package sandbox

import (
	"errors"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

type events struct {
	mu  sync.Mutex
	all []Event
}

func (e *events) add(ev Event) {
	e.mu.Lock()
	e.all = append(e.all, ev)
	e.mu.Unlock()
}

func (e *events) of(handler string) []Event {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []Event
	for _, ev := range e.all {
		if ev.Handler == handler {
			out = append(out, ev)
		}
	}
	return out
}

const harnessObj = `
import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  constructor(ctx, env) { super(ctx, GOOD ? env : {}); }
  greet(who: string, n: number) { return { text: this.env.GREETING + " " + who, twice: [n, n * 2] }; }
  fail() { throw new RangeError("no " + this.env.GREETING); }
  async later(ms: number) { await this.ctx.storage.setAlarm(Date.now() + ms); }
  async alarm() { await this.ctx.storage.put("rang", Date.now()); }
  async rang() { return await this.ctx.storage.get("rang"); }
  async fetch(req: Request) { return new Response("object " + this.ctx.id.name + " " + new URL(req.url).pathname); }
}
export default { fetch() { return new Response("worker"); } };
`

func TestHarnessCallsFetchesAndEvents(t *testing.T) {
	ev := &events{}
	clock := NewVirtualClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	rt, _ := load(t, strings.Replace(harnessObj, "GOOD", "true", 1), func(o *Options) { o.OnEvent = ev.add; o.Clock = clock })

	got, err := rt.Call("OBJ", "a", "greet", "bob", 2)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"text": "hi bob", "twice": []any{int64(2), int64(4)}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Call greet = %#v, want %#v", got, want)
	}
	_, err = rt.Call("OBJ", "a", "fail")
	var se *ScriptError
	if !errors.As(err, &se) || se.Error() != "RangeError: no hi" || !se.Remote {
		t.Errorf("Call fail: %#v", err)
	}
	_, err = rt.Call("OBJ", "a", "nope")
	if err == nil || err.Error() != `TypeError: The RPC receiver does not implement the method "nope".` {
		t.Errorf("Call nope: %v", err)
	}

	res, err := rt.FetchObject("OBJ", "b", httptest.NewRequest("GET", "http://x/path", nil))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	if string(body) != "object b /path" {
		t.Errorf("FetchObject body %q", body)
	}

	if _, err := rt.Call("OBJ", "c", "later", 60_000); err != nil {
		t.Fatal(err)
	}
	at, ok, _ := rt.Alarm("OBJ", "c")
	if wantAt := clock.Now().Add(time.Minute); !ok || !at.Equal(wantAt) {
		t.Errorf("Alarm = %v %v, want %v", at, ok, wantAt)
	}
	rt.Advance(59 * time.Second)
	if n := len(ev.of("alarm")); n != 0 {
		t.Errorf("%d alarms ran before their time", n)
	}
	rt.Advance(time.Second)
	alarms := ev.of("alarm")
	if len(alarms) != 1 || alarms[0].Err != nil || !alarms[0].At.Equal(at) {
		t.Errorf("alarm events %+v, want one at %v", alarms, at)
	}
	if v, _ := rt.Call("OBJ", "c", "rang"); v != at.UnixMilli() {
		t.Errorf("alarm stored %v, want %d", v, at.UnixMilli())
	}

	ctors := ev.of("constructor")
	if len(ctors) != 3 {
		t.Fatalf("%d constructor events, want 3 (objects a, b, c): %+v", len(ctors), ctors)
	}
	for _, c := range ctors {
		if c.Err != nil || !c.EnvBound {
			t.Errorf("constructor event %+v: want no error and env bound", c)
		}
	}
	rpcs := ev.of("rpc")
	if len(rpcs) < 3 || rpcs[1].Method != "fail" || rpcs[1].Err == nil || rpcs[0].Err != nil {
		t.Errorf("rpc events %+v", rpcs)
	}
}

func TestHarnessEnvNotBound(t *testing.T) {
	ev := &events{}
	rt, _ := load(t, strings.Replace(harnessObj, "GOOD", "false", 1), func(o *Options) { o.OnEvent = ev.add })
	if _, err := rt.Call("OBJ", "a", "greet", "bob", 1); err != nil {
		t.Fatal(err) // this.env is {}: GREETING reads as undefined
	}
	ctors := ev.of("constructor")
	if len(ctors) != 1 || ctors[0].EnvBound {
		t.Errorf("constructor events %+v: want one with env not bound", ctors)
	}
}

func TestHarnessCallBeforeRPCDate(t *testing.T) {
	rt, _ := load(t, strings.Replace(harnessObj, "GOOD", "true", 1), func(o *Options) { o.CompatibilityDate = "2024-03-01" })
	_, err := rt.Call("OBJ", "a", "greet", "x", 1)
	if err == nil || err.Error() != "TypeError: stub.greet is not a function" {
		t.Errorf("Call before the rpc date: %v", err)
	}
}

func TestOverlay(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "src"), 0o755)
	disk := `import { word } from "./word"; export default { fetch() { return new Response(word); } };`
	os.WriteFile(filepath.Join(dir, "src", "index.ts"), []byte(disk), 0o644)
	os.WriteFile(filepath.Join(dir, "src", "word.ts"), []byte(`export const word: string = "disk";`), 0o644)
	overlay := map[string][]byte{filepath.Join(dir, "src", "word.ts"): []byte(`export const word: string = "overlay";`)}
	for _, tc := range []struct {
		overlay map[string][]byte
		want    string
	}{{nil, "disk"}, {overlay, "overlay"}} {
		rt, err := Load(Options{Main: "src/index.ts", Dir: dir, Overlay: tc.overlay})
		if err != nil {
			t.Fatal(err)
		}
		_, body := get(t, rt, "/")
		rt.Close()
		if body != tc.want {
			t.Errorf("overlay %v: body %q, want %q", tc.overlay != nil, body, tc.want)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "src", "word.ts")); !strings.Contains(string(b), "disk") {
		t.Error("the overlay was written to disk")
	}
	// A syntax error in the overlay is reported at the overlaid file.
	bad := map[string][]byte{filepath.Join(dir, "src", "word.ts"): []byte("export const = ;")}
	_, err := Load(Options{Main: "src/index.ts", Dir: dir, Overlay: bad})
	var be *BundleError
	if !errors.As(err, &be) || !strings.Contains(be.Error(), "word.ts:1:") {
		t.Errorf("bad overlay: %v", err)
	}
}

func TestConnectObjectWebSocket(t *testing.T) {
	ev := &events{}
	rt, _ := load(t, `
import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  async fetch() {
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1]);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }
  webSocketMessage(ws, msg) { ws.send("got " + msg); }
}
export default { fetch() { return new Response("no sockets here"); } };
`, func(o *Options) { o.OnEvent = ev.add })
	conn, _, err := rt.ConnectObjectWebSocket("OBJ", "room", httptest.NewRequest("GET", "http://x/", nil))
	if err != nil {
		t.Fatal(err)
	}
	id, _ := rt.IDFromName("OBJ", "room")
	for i, msg := range []string{"one", "two"} {
		if i == 1 {
			if err := rt.Hibernate("OBJ", id); err != nil {
				t.Fatal(err)
			}
		}
		conn.SendText(msg)
		got, err := conn.Receive(5 * time.Second)
		if err != nil || got.Text != "got "+msg {
			t.Errorf("reply to %q: %q %v", msg, got.Text, err)
		}
	}
	if n := len(ev.of("constructor")); n != 2 {
		t.Errorf("%d constructions, want 2 (before and after hibernation)", n)
	}
	// The reply leaves while the handler is still running; its event is
	// reported when the handler settles.
	deadline := time.Now().Add(2 * time.Second)
	for len(ev.of("webSocketMessage")) < 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if n := len(ev.of("webSocketMessage")); n != 2 {
		t.Errorf("%d webSocketMessage events, want 2", n)
	}
}

func TestExports(t *testing.T) {
	rt, _ := load(t, strings.Replace(harnessObj, "GOOD", "true", 1)+"\nclass Hidden {}\nexport { Hidden as Shown };\n", nil)
	got, err := rt.Exports()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Obj", "Shown", "default"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Exports = %v, want %v", got, want)
	}
}
