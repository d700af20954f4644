package realapps

import "testing"

// TestHibernatingRoom serves a room built on the WebSocket Hibernation
// API, evicts the object while two members stay connected, and checks what
// the API promises: the sockets survive, the runtime answers the
// automatic ping response while the object sleeps, and the next message
// wakes a new instance that finds the sockets with their tags and
// attachments.
func TestHibernatingRoom(t *testing.T) {
	s := serve(t, app(t, "testdata/apps/hibernate"))
	if res, body := get(t, s.URL()+"/rooms/r1"); res.StatusCode != 426 {
		t.Errorf("GET /rooms/r1 without an upgrade = %d %q, want the app's 426", res.StatusCode, body)
	}

	ann := dial(t, s, "/rooms/r1?name=ann", "ann")
	bob := dial(t, s, "/rooms/r1?name=bob", "bob")
	ann.send("/who")
	before := ann.recv()
	if before.str("type") != "who" || before.str("name") != "ann" || before["joined"] != 1.0 {
		t.Fatalf("ann's /who = %v, want name ann, joined as the first", before)
	}
	ann.send("hi bob")
	for _, c := range []*client{ann, bob} {
		if m := c.recv(); m.str("from") != "ann" || m.str("text") != "hi bob" {
			t.Errorf("%s received %v, want ann's message", c.name, m)
		}
	}

	evicted := s.evict(t, "ROOMS", "r1")

	// The auto-response is answered by the runtime while the object sleeps.
	bob.send("ping")
	if _, data, err := readRaw(bob); err != nil || data != "pong" {
		t.Errorf("bob's ping while the room sleeps: %q, %v; want pong", data, err)
	}

	bob.send("/who")
	after := bob.recv()
	if after.str("name") != "bob" || after["joined"] != 2.0 {
		t.Errorf("bob's /who after eviction = %v, want name bob, joined as the second (the attachment)", after)
	}
	if tags, _ := after["tags"].([]any); len(tags) != 1 || tags[0] != "bob" {
		t.Errorf("bob's tags after eviction = %v, want [bob]", after["tags"])
	}
	if evicted && after["instance"] == before["instance"] {
		t.Errorf("the room answered from instance %v before and after eviction; it was not woken anew", after["instance"])
	}
	bob.send("still here")
	for _, c := range []*client{ann, bob} {
		if m := c.recv(); m.str("from") != "bob" || m.str("text") != "still here" {
			t.Errorf("%s received %v after eviction, want bob's message", c.name, m)
		}
	}

	// A member who leaves is announced to the others by webSocketClose.
	if err := bob.c.Close(4001, "bye"); err != nil {
		t.Errorf("bob closing: %v", err)
	}
	if m := ann.recv(); m.str("type") != "left" || m.str("name") != "bob" || m["code"] != 4001.0 {
		t.Errorf("ann received %v, want bob's leaving with code 4001", m)
	}
}
