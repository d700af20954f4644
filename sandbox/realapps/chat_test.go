package realapps

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestPartyserverChat serves a partyserver chat room, connects three
// members through routePartykitRequest's /parties/<server>/<room> route,
// and checks what partyserver's broadcast promises: a message reaches
// every other member and not its sender; a member who joins later gets
// the history onStart loaded; plain HTTP reaches onRequest. The
// hibernating room is evicted between messages, which partyserver must
// survive by finding its connections again in the sockets the runtime
// kept and by running onStart again.
func TestPartyserverChat(t *testing.T) {
	s := serve(t, app(t, "testdata/apps/chat"))
	res, body := get(t, s.URL()+"/nowhere")
	if res.StatusCode != 404 || body != "Not Found" {
		t.Errorf("GET /nowhere = %d %q, want the app's 404 for what no party matches", res.StatusCode, body)
	}
	for _, tc := range []struct {
		party, binding string
		evict          bool
	}{
		{"chat", "Chat", false},
		{"hibernating-chat", "HibernatingChat", true},
	} {
		t.Run(tc.party, func(t *testing.T) {
			evict := func() {}
			if tc.evict {
				evict = func() { s.evict(t, tc.binding, "lobby") }
			}
			chat(t, s, "/parties/"+tc.party+"/", evict)
		})
	}
}

func chat(t *testing.T, s *server, prefix string, evict func()) {
	names := []string{"ann", "bob", "cy"}
	members := map[string]*client{}
	ids := map[string]string{}
	for _, n := range names {
		path := prefix + "lobby"
		if n == "cy" {
			// partysocket names its connection with _pk, and
			// partyserver takes that as the connection's id.
			path += "?_pk=cy-socket"
		}
		c := dial(t, s, path, n)
		w := c.recv()
		if w.str("type") != "welcome" || w.str("room") != "lobby" || w.str("id") == "" {
			t.Fatalf("%s's first frame = %v, want a welcome to room lobby with a connection id", n, w)
		}
		members[n], ids[n] = c, w.str("id")
	}
	if ids["ann"] == ids["bob"] || ids["cy"] != "cy-socket" {
		t.Fatalf("connection ids = %v, want distinct ones and cy's own", ids)
	}

	say := func(from, text string, to ...string) {
		t.Helper()
		members[from].send(text)
		for _, n := range to {
			m := members[n].recv()
			if m.str("type") != "message" || m.str("from") != ids[from] || m.str("text") != text {
				t.Errorf("%s received %v, want %s's %q", n, m, from, text)
			}
		}
	}
	say("ann", "hello, all", "bob", "cy")
	evict()
	// bob's answer is the next thing ann hears: her own message was not
	// sent back to her.
	say("bob", "hi ann", "ann", "cy")

	// A member who joins later is welcomed with what was said, which
	// onStart read back from storage if the room was evicted meanwhile.
	evict()
	eve := dial(t, s, prefix+"lobby", "eve")
	w := eve.recv()
	if got := history(w["history"]); w.str("type") != "welcome" || got != ids["ann"]+":hello, all|"+ids["bob"]+":hi ann" {
		t.Errorf("eve's welcome = %v, want the history of ann's and bob's messages", w)
	}
	// Plain HTTP to the room reaches its onRequest.
	res, body := get(t, s.URL()+prefix+"lobby")
	var lines []any
	if res.StatusCode != 200 || json.Unmarshal([]byte(body), &lines) != nil || history(lines) != ids["ann"]+":hello, all|"+ids["bob"]+":hi ann" {
		t.Errorf("GET %slobby = %d %s, want the history as JSON", prefix, res.StatusCode, body)
	}

	// Another room is another object: its member hears nothing of the
	// lobby, and the lobby nothing of it.
	dee := dial(t, s, prefix+"elsewhere", "dee")
	if w := dee.recv(); w.str("room") != "elsewhere" {
		t.Fatalf("dee's welcome = %v, want room elsewhere", w)
	}
	dee.send("anyone?")
	evict()
	say("cy", "lobby only", "ann", "bob")
	eve.recv()
	dee.send("still alone")
	members["ann"].send("last one")
	if m := members["bob"].recv(); m.str("text") != "last one" {
		t.Errorf("bob received %v, want ann's last message and nothing from the other room", m)
	}
}

// history renders a room's history as from:text lines joined by |.
func history(v any) string {
	lines, _ := v.([]any)
	var out []string
	for _, l := range lines {
		m, _ := l.(map[string]any)
		from, _ := m["from"].(string)
		text, _ := m["text"].(string)
		out = append(out, from+":"+text)
	}
	return strings.Join(out, "|")
}
