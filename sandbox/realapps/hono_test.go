package realapps

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestHonoRooms serves a Hono app whose rooms are Durable Objects and
// checks what Hono's routing, middleware and errors promise, with the
// object behind it: a CORS preflight is answered, a message posted to a
// room is stored and pushed to the room's WebSocket listeners, a bad
// body gets the HTTPException's status, and an unknown path the app's
// notFound.
func TestHonoRooms(t *testing.T) {
	s := serve(t, app(t, "testdata/apps/hono"))
	api := s.URL() + "/api/rooms/"

	res, _ := request(t, "OPTIONS", api+"lobby/messages", map[string]string{
		"Origin": "https://rooms.example", "Access-Control-Request-Method": "POST",
	})
	if res.StatusCode != 204 || res.Header.Get("Access-Control-Allow-Origin") != "https://rooms.example" ||
		!strings.Contains(res.Header.Get("Access-Control-Allow-Methods"), "POST") {
		t.Errorf("preflight = %d %v, want 204 allowing the origin and POST", res.StatusCode, res.Header)
	}

	listener := dial(t, s, "/api/rooms/lobby/ws", "listener")
	for i, c := range []struct{ text, want string }{
		{"hello", `{"id":1,"text":"hello"}`},
		{"again", `{"id":2,"text":"again"}`},
	} {
		res, body := post(t, api+"lobby/messages", `{"text":"`+c.text+`"}`)
		if res.StatusCode != 201 || body != c.want {
			t.Errorf("%d: POST = %d %s, want 201 %s", i, res.StatusCode, body, c.want)
		}
		if res.Header.Get("Access-Control-Allow-Origin") != "https://rooms.example" {
			t.Errorf("%d: POST lacks the CORS header: %v", i, res.Header)
		}
		if _, got, err := readRaw(listener); err != nil || got != c.want {
			t.Errorf("%d: the listener received %q, %v; want %s", i, got, err, c.want)
		}
	}
	if res, body := get(t, api+"lobby/messages"); res.StatusCode != 200 || body != `[{"id":1,"text":"hello"},{"id":2,"text":"again"}]` {
		t.Errorf("GET messages = %d %s, want both messages in order", res.StatusCode, body)
	}
	if res, body := get(t, api+"elsewhere/messages"); res.StatusCode != 200 || body != `[]` {
		t.Errorf("another room's messages = %d %s, want none", res.StatusCode, body)
	}
	if res, body := post(t, api+"lobby/messages", `{"text":""}`); res.StatusCode != 400 || body != `{"error":"text is required"}` {
		t.Errorf("POST without text = %d %s, want the HTTPException's 400", res.StatusCode, body)
	}
	if res, body := get(t, s.URL()+"/nowhere"); res.StatusCode != 404 || body != `{"error":"not found"}` {
		t.Errorf("GET /nowhere = %d %s, want the app's notFound", res.StatusCode, body)
	}
}

func post(t *testing.T, url, body string) (*http.Response, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "POST", url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "https://rooms.example")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("POST %s: reading the body: %v", url, err)
	}
	return res, string(b)
}
