package devserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// patience bounds every wait for something that must happen; the tests
// never sleep for something to happen.
const patience = 10 * time.Second

// startClosing serves testdata/closing with the given compatibility date
// and flags.
func startClosing(t *testing.T, date string, flags ...string) *Server {
	t.Helper()
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("testdata", "closing", "index.js"))
	if err != nil {
		t.Fatal(err)
	}
	fl, _ := json.Marshal(append([]string{}, flags...))
	config := fmt.Sprintf(`{
  "name": "closing",
  "main": "index.js",
  "compatibility_date": %q,
  "compatibility_flags": %s,
  "durable_objects": { "bindings": [{ "name": "ROOM", "class_name": "Room" }] },
  "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Room"] }]
}
`, date, fl)
	if err := os.WriteFile(filepath.Join(dir, "index.js"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "wrangler.jsonc"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Start(Options{Dir: dir, Addr: "127.0.0.1:0", Log: &syncBuffer{}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// rawClient is a WebSocket client that, unlike a browser, does not give up
// on a Close that goes unanswered: it reports the server's Close frame, or
// its absence, as it is.
type rawClient struct {
	t *testing.T
	c *websocket.Conn
	// closed receives what ended the read loop: the server's Close
	// (*websocket.CloseError) or a connection error.
	closed chan error
}

func dialRaw(t *testing.T, s *Server, path string) *rawClient {
	t.Helper()
	url := strings.Replace(s.URL(), "http://", "ws://", 1) + path
	d := websocket.Dialer{HandshakeTimeout: patience}
	c, _, err := d.Dial(url, nil)
	if err != nil {
		t.Fatalf("dialing %s: %v", path, err)
	}
	t.Cleanup(func() { c.Close() })
	// The default handler would answer the server's Close; the test only
	// wants to see it.
	c.SetCloseHandler(func(int, string) error { return nil })
	rc := &rawClient{t: t, c: c, closed: make(chan error, 1)}
	// One echo proves the socket reaches the Worker before the test closes it.
	if err := c.WriteMessage(websocket.TextMessage, []byte("hi")); err != nil {
		t.Fatal(err)
	}
	c.SetReadDeadline(time.Now().Add(patience))
	if _, m, err := c.ReadMessage(); err != nil || string(m) != "echo:hi" {
		t.Fatalf("echo = %q, %v; want echo:hi", m, err)
	}
	c.SetReadDeadline(time.Time{})
	go func() {
		for {
			if _, _, err := c.ReadMessage(); err != nil {
				rc.closed <- err
				return
			}
		}
	}()
	return rc
}

func (rc *rawClient) sendClose(code int, reason string) {
	rc.t.Helper()
	if err := rc.c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(patience)); err != nil {
		rc.t.Fatalf("sending Close: %v", err)
	}
}

// serverClose waits for the server's Close frame and returns it.
func (rc *rawClient) serverClose(what string) *websocket.CloseError {
	rc.t.Helper()
	select {
	case err := <-rc.closed:
		var ce *websocket.CloseError
		if !errors.As(err, &ce) {
			rc.t.Fatalf("%s: the connection ended without a Close frame: %v", what, err)
		}
		return ce
	case <-time.After(patience):
		rc.t.Fatalf("%s: no Close frame from the server within %v", what, patience)
		return nil
	}
}

// noServerClose fails if the server's Close frame or the end of the
// connection has arrived.
func (rc *rawClient) noServerClose(what string) {
	rc.t.Helper()
	select {
	case err := <-rc.closed:
		rc.t.Fatalf("%s: the client's Close was answered before the Worker closed: %v", what, err)
	default:
	}
}

// awaitCloseEvent waits until the Worker has recorded a close event of the
// given kind, and checks its code and reason.
func awaitCloseEvent(t *testing.T, s *Server, kind string, code int, reason string) {
	t.Helper()
	deadline := time.Now().Add(patience)
	for {
		_, body := get(t, s.URL()+"/closes")
		var closes []struct {
			Kind   string
			Code   int
			Reason string
		}
		if err := json.Unmarshal([]byte(body), &closes); err != nil {
			t.Fatalf("/closes answered %q: %v", body, err)
		}
		if len(closes) > 0 {
			c := closes[0]
			if len(closes) != 1 || c.Kind != kind || c.Code != code || c.Reason != reason {
				t.Fatalf("the Worker recorded %+v, want one %s close %d %q", closes, kind, code, reason)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the Worker saw no close event within %v", patience)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestClientCloseWaitsForWorker checks that a client's Close goes
// unanswered until the Worker closes its side, which then sends its own
// code and reason: for an accept()ed socket before
// web_socket_auto_reply_to_close (2026-04-07) or with
// web_socket_manual_reply_to_close, and for a hibernatable socket on
// either side of the date, as workerd does.
func TestClientCloseWaitsForWorker(t *testing.T) {
	for _, tc := range []struct {
		name, date, path, kind string
		flags                  []string
	}{
		{"accept before the change", "2026-04-06", "/accept", "accept", nil},
		{"accept with the manual flag", "2026-04-20", "/accept", "accept", []string{"web_socket_manual_reply_to_close"}},
		{"hibernatable before the change", "2026-04-06", "/hibernatable", "hibernatable", nil},
		{"hibernatable after the change", "2026-04-07", "/hibernatable", "hibernatable", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := startClosing(t, tc.date, tc.flags...)
			c := dialRaw(t, s, tc.path)
			c.sendClose(4001, "client bye")
			// The Worker has handled the close event; a reply made on
			// the client's Close alone would have come with it.
			awaitCloseEvent(t, s, tc.kind, 4001, "client bye")
			c.noServerClose("after the close event")
			if code, body := get(t, s.URL()+"/release"); code != 200 {
				t.Fatalf("/release = %d %s", code, body)
			}
			ce := c.serverClose("after the Worker closed")
			if ce.Code != 4002 || ce.Text != "worker bye" {
				t.Errorf("the server's Close = %d %q, want the Worker's 4002 \"worker bye\"", ce.Code, ce.Text)
			}
		})
	}
}

// TestClientCloseAnsweredAtOnce checks that from web_socket_auto_reply_to_close
// on, a client's Close to an accept()ed socket is answered with its own
// code and reason without the Worker closing, and that the Worker still
// sees the close event.
func TestClientCloseAnsweredAtOnce(t *testing.T) {
	for _, tc := range []struct {
		name, date string
		flags      []string
	}{
		{"on the change's date", "2026-04-07", nil},
		{"with the enable flag", "2025-09-01", []string{"web_socket_auto_reply_to_close"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := startClosing(t, tc.date, tc.flags...)
			c := dialRaw(t, s, "/accept")
			c.sendClose(4001, "client bye")
			ce := c.serverClose("without the Worker closing")
			if ce.Code != 4001 || ce.Text != "client bye" {
				t.Errorf("the server's Close = %d %q, want the client's 4001 \"client bye\" back", ce.Code, ce.Text)
			}
			awaitCloseEvent(t, s, "accept", 4001, "client bye")
		})
	}
}

// TestCloseWhileWaitingForWorker checks that a client whose Close the
// Worker never answers does not hold the server: Close answers it with
// 1001, and a client that drops the connection ends its bridge.
func TestCloseWhileWaitingForWorker(t *testing.T) {
	s := startClosing(t, "2026-04-06")
	dropped := dialRaw(t, s, "/hibernatable")
	waiting := dialRaw(t, s, "/accept")
	dropped.sendClose(4001, "client bye")
	waiting.sendClose(4001, "client bye")
	dropped.c.NetConn().Close()
	done := make(chan error, 1)
	go func() { done <- s.Close() }()
	ce := waiting.serverClose("server closing")
	if ce.Code != websocket.CloseGoingAway {
		t.Errorf("the server's Close = %d %q, want 1001", ce.Code, ce.Text)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Close: %v", err)
		}
	case <-time.After(patience):
		t.Fatalf("Close did not return within %v", patience)
	}
}

// TestEmptyCloseAnsweredEmpty checks a Close without a status code: the
// Worker sees 1005, and the automatic answer carries no code either.
func TestEmptyCloseAnsweredEmpty(t *testing.T) {
	s := startClosing(t, "2026-04-07")
	c := dialRaw(t, s, "/accept")
	if err := c.c.WriteControl(websocket.CloseMessage, nil, time.Now().Add(patience)); err != nil {
		t.Fatal(err)
	}
	if ce := c.serverClose("without the Worker closing"); ce.Code != websocket.CloseNoStatusReceived || ce.Text != "" {
		t.Errorf("the server's Close = %d %q, want one without a status (1005)", ce.Code, ce.Text)
	}
	awaitCloseEvent(t, s, "accept", websocket.CloseNoStatusReceived, "")
}
