package devserver

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func start(t *testing.T, persist string) (*Server, *syncBuffer) {
	t.Helper()
	log := &syncBuffer{}
	s, err := Start(Options{Dir: filepath.Join("testdata", "chat"), Addr: "127.0.0.1:0", Persist: persist, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, log
}

type client struct {
	t    *testing.T
	name string
	c    *websocket.Conn
}

func dial(t *testing.T, s *Server, room, user string) *client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	url := strings.Replace(s.URL(), "http://", "ws://", 1) + "/" + room + "/join?user=" + user
	c, res, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		t.Fatalf("%s joining: %v", user, err)
	}
	if res.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("%s joining: status %d", user, res.StatusCode)
	}
	t.Cleanup(func() { c.CloseNow() })
	return &client{t: t, name: user, c: c}
}

func (c *client) send(text string) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.c.Write(ctx, websocket.MessageText, []byte(text)); err != nil {
		c.t.Fatalf("%s sending %q: %v", c.name, text, err)
	}
}

func (c *client) recv() map[string]any {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, data, err := c.c.Read(ctx)
	if err != nil {
		c.t.Fatalf("%s receiving: %v", c.name, err)
	}
	var v map[string]any
	if err := json.Unmarshal(data, &v); err != nil {
		c.t.Fatalf("%s received non-JSON %q", c.name, data)
	}
	return v
}

func expect(t *testing.T, what string, got map[string]any, want map[string]any) {
	t.Helper()
	for k, w := range want {
		g, _ := json.Marshal(got[k])
		wj, _ := json.Marshal(w)
		if string(g) != string(wj) {
			t.Errorf("%s: %s = %s, want %s (whole message %v)", what, k, g, wj, got)
		}
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestChatSurvivesHibernation runs a two-user chat through the server, evicts
// the room object in the middle, and checks that the hibernatable sockets
// keep working on a fresh instance with their tags and attachments, while
// in-memory fields start over.
func TestChatSurvivesHibernation(t *testing.T) {
	s, log := start(t, "")
	if code, body := get(t, s.URL()+"/"); code != 200 || body != "chat server\n" {
		t.Fatalf("GET / = %d %q", code, body)
	}
	alice := dial(t, s, "room1", "alice")
	bob := dial(t, s, "room1", "bob")

	alice.send("hello bob")
	expect(t, "alice's message to alice", alice.recv(), map[string]any{"kind": "message", "from": "alice", "text": "hello bob"})
	expect(t, "alice's message to bob", bob.recv(), map[string]any{"kind": "message", "from": "alice", "text": "hello bob"})

	alice.send("/greet hi")
	expect(t, "greeting", alice.recv(), map[string]any{"kind": "greeting-set"})
	alice.send("/whoami")
	before := alice.recv()
	expect(t, "alice before eviction", before, map[string]any{"user": "alice", "tags": []string{"alice"}, "greeting": "hi", "sockets": 2})

	rt := s.Runtime()
	id, err := rt.IDFromName("ROOM", "room1")
	if err != nil {
		t.Fatal(err)
	}
	if err := rt.Hibernate("ROOM", id); err != nil {
		t.Fatal(err)
	}

	bob.send("still there?")
	expect(t, "bob's message after eviction, to bob", bob.recv(), map[string]any{"kind": "message", "from": "bob", "text": "still there?"})
	expect(t, "bob's message after eviction, to alice", alice.recv(), map[string]any{"kind": "message", "from": "bob", "text": "still there?"})

	alice.send("/whoami")
	after := alice.recv()
	expect(t, "alice after eviction", after, map[string]any{"user": "alice", "tags": []string{"alice"}, "greeting": nil, "sockets": 2})
	if after["instance"] == before["instance"] {
		t.Errorf("the object was not constructed again after eviction: instance %v both times", after["instance"])
	}
	bob.send("/whoami")
	expect(t, "bob after eviction", bob.recv(), map[string]any{"user": "bob", "tags": []string{"bob"}})

	code, body := get(t, s.URL()+"/room1/history")
	if code != 200 || body != `[{"user":"alice","text":"hello bob"},{"user":"bob","text":"still there?"}]` {
		t.Errorf("history = %d %s", code, body)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := alice.c.Close(4000, "bye"); err != nil {
		t.Errorf("closing alice: %v (the handler's ws.close should echo 4000)", err)
	}
	_ = ctx
	if !strings.Contains(log.String(), "GET /room1/join?user=alice 101") {
		t.Errorf("request log lacks the upgrade line:\n%s", log.String())
	}
}

// TestUncaughtErrorIsLogged checks that a throwing Worker gives the client a
// 500 and the log the error with a stack.
func TestUncaughtErrorIsLogged(t *testing.T) {
	s, log := start(t, "")
	code, _ := get(t, s.URL()+"/crash")
	if code != 500 {
		t.Errorf("GET /crash = %d, want 500", code)
	}
	out := log.String()
	if !strings.Contains(out, "exploded: in the worker") {
		t.Errorf("log lacks the uncaught error:\n%s", out)
	}
	if !strings.Contains(out, "GET /crash 500") {
		t.Errorf("log lacks the request line:\n%s", out)
	}
	// The frames point into the TypeScript source: the throw in explode()
	// and the call in the Worker's fetch handler.
	for _, want := range []string{"at explode (src/index.ts:70:9)", "at fetch (src/index.ts:78:36)"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks the source-mapped frame %q:\n%s", want, out)
		}
	}
}

// TestPersist checks that storage written under --persist is there after a
// restart and that nothing is written outside the directory.
func TestPersist(t *testing.T) {
	dir := t.TempDir()
	s, _ := start(t, dir)
	a := dial(t, s, "p", "ann")
	a.send("remember me")
	a.recv()
	// Reading the history is also a fence: the message's write has
	// committed once a later event has run. (The sandbox delivers the
	// broadcast before the turn's commit, so the broadcast alone is not.)
	if code, body := get(t, s.URL()+"/p/history"); code != 200 || body != `[{"user":"ann","text":"remember me"}]` {
		t.Errorf("before restart, history = %d %s", code, body)
	}
	a.c.Close(1000, "")
	s.Close()

	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) == 0 {
		t.Fatalf("nothing persisted in %s (%v)", dir, err)
	}
	s2, _ := start(t, dir)
	code, body := get(t, s2.URL()+"/p/history")
	if code != 200 || body != `[{"user":"ann","text":"remember me"}]` {
		t.Errorf("after restart, history = %d %s", code, body)
	}
}

// TestWebSocketEdges checks binary frames reach the handler as an
// ArrayBuffer and that an upgrade the Worker answers without a WebSocket
// reaches the client as that plain HTTP response.
func TestWebSocketEdges(t *testing.T) {
	s, log := start(t, "")
	c := dial(t, s, "edges", "bin")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.c.Write(ctx, websocket.MessageBinary, []byte("from bytes")); err != nil {
		t.Fatal(err)
	}
	expect(t, "binary message", c.recv(), map[string]any{"kind": "message", "from": "bin", "text": "from bytes"})

	url := strings.Replace(s.URL(), "http://", "ws://", 1) + "/"
	_, res, err := websocket.Dial(ctx, url, nil)
	if err == nil {
		t.Fatal("upgrading / succeeded; the Worker answers it with a plain 200")
	}
	if res == nil || res.StatusCode != 200 {
		t.Fatalf("upgrading / gave %v, %v; want the Worker's 200", res, err)
	}
	if !strings.Contains(log.String(), "GET / 200") {
		t.Errorf("log lacks the refused upgrade:\n%s", log.String())
	}
}
