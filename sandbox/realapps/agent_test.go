package realapps

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"
)

// rpc calls a @callable() method the way the Agents SDK's client does,
// and returns the result once the agent answers.
func (c *client) rpc(id, method string, args ...any) any {
	c.t.Helper()
	if args == nil {
		args = []any{}
	}
	c.send(map[string]any{"type": "rpc", "id": id, "method": method, "args": args})
	f := c.until("the answer to rpc "+id, func(f frame) bool { return f.str("type") == "rpc" && f.str("id") == id })
	if f["success"] != true {
		c.t.Fatalf("%s: %s(%v) failed: %v", c.name, method, args, f)
	}
	return f["result"]
}

// stream calls a streaming @callable() method and returns the chunks it
// sent and the value it ended with.
func (c *client) stream(id, method string, args ...any) (chunks []any, end any) {
	c.t.Helper()
	c.send(map[string]any{"type": "rpc", "id": id, "method": method, "args": args})
	for {
		f := c.until("the answer to rpc "+id, func(f frame) bool { return f.str("type") == "rpc" && f.str("id") == id })
		if f["success"] != true {
			c.t.Fatalf("%s: %s(%v) failed: %v", c.name, method, args, f)
		}
		if f["done"] == true {
			return chunks, f["result"]
		}
		chunks = append(chunks, f["result"])
	}
}

func (c *client) state(what string, ok func(state map[string]any) bool) map[string]any {
	c.t.Helper()
	f := c.until(what, func(f frame) bool {
		st, _ := f["state"].(map[string]any)
		return f.str("type") == "cf_agent_state" && st != nil && ok(st)
	})
	return f["state"].(map[string]any)
}

func count(st map[string]any) float64 { n, _ := st["count"].(float64); return n }

func reminders(st map[string]any) string { b, _ := json.Marshal(st["reminders"]); return string(b) }

// TestAgentsStateAndSchedule serves an Agents SDK agent, connects two
// clients through routeAgentRequest's /agents/<agent>/<name> route and
// checks what the SDK promises: a new client gets the current state; a
// change made through one client's @callable() reaches both, also after
// the agent was evicted; a streaming method streams; getCurrentAgent()
// works in helpers; queued work runs in the background and plain HTTP
// reaches onRequest; a task scheduled with this.schedule runs later,
// waking the evicted agent, and its state change reaches every client;
// state and a pending task survive a restart with the same storage.
func TestAgentsStateAndSchedule(t *testing.T) {
	dir, persist := app(t, "testdata/apps/agent"), t.TempDir()
	s := servePersist(t, dir, persist)

	a := dial(t, s, "/agents/counter/team", "a")
	a.state("the initial state", func(st map[string]any) bool { return count(st) == 0 })
	b := dial(t, s, "/agents/counter/team", "b")
	b.state("the initial state", func(st map[string]any) bool { return count(st) == 0 })

	if got := a.rpc("1", "increment", 2); got != 2.0 {
		t.Errorf("increment(2) = %v, want 2", got)
	}
	b.state("a's increment", func(st map[string]any) bool { return count(st) == 2 })
	if got := b.rpc("2", "increment", 3); got != 5.0 {
		t.Errorf("increment(3) = %v, want 5", got)
	}
	a.state("b's increment", func(st map[string]any) bool { return count(st) == 5 })

	// A streaming method sends its chunks as it makes them, then its end.
	if chunks, end := a.stream("s", "countTo", 4); fmt.Sprint(chunks) != "[1 2 3 4]" || end != 10.0 {
		t.Errorf("countTo(4) streamed %v and ended with %v, want [1 2 3 4] and 10", chunks, end)
	}
	// getCurrentAgent() finds the agent and the calling connection from a
	// helper, across awaits.
	who, _ := b.rpc("w", "whoAmI").(map[string]any)
	if who["agent"] != "team" || who["connection"] == nil || who["connection"] == "" {
		t.Errorf("whoAmI() = %v, want agent team and b's connection id", who)
	}

	// A queued task runs in the background; plain HTTP reaches the agent's
	// onRequest, which reads what the task wrote with this.sql.
	a.rpc("q1", "enqueue", "first")
	a.rpc("q2", "enqueue", "second")
	deadline := time.Now().Add(timeout)
	for {
		res, body := get(t, s.URL()+"/agents/counter/team")
		if res.StatusCode == 200 && body == `{"name":"team","count":5,"log":["first","second"]}` {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET /agents/counter/team = %d %s; want count 5 and both queued lines, in order", res.StatusCode, body)
		}
		time.Sleep(50 * time.Millisecond)
	}

	// A third client joining later starts from the state the others made.
	c := dial(t, s, "/agents/counter/team", "c")
	c.state("the current state", func(st map[string]any) bool { return count(st) == 5 })

	// Another name is another agent with its own state.
	o := dial(t, s, "/agents/counter/other", "o")
	o.state("the other agent's initial state", func(st map[string]any) bool { return count(st) == 0 })

	// The agent hibernates by default: evicted, it wakes on the next
	// message with its state and its clients.
	s.evict(t, "Counter", "team")
	if got := c.rpc("e", "increment", 1); got != 6.0 {
		t.Errorf("increment(1) after eviction = %v, want 6", got)
	}
	for _, cl := range []*client{a, b} {
		cl.state("c's increment after eviction", func(st map[string]any) bool { return count(st) == 6 })
	}

	if id, _ := a.rpc("3", "remindIn", 1, "stand up").(string); id == "" {
		t.Errorf("remindIn returned no task id")
	}
	// The task is kept in the agent's storage and its alarm wakes the
	// agent when due, even when it was evicted meanwhile.
	s.evict(t, "Counter", "team")
	for _, cl := range []*client{a, b, c} {
		st := cl.state("the scheduled reminder", func(st map[string]any) bool { return reminders(st) == `["stand up"]` })
		if count(st) != 6 {
			t.Errorf("%s: the reminder's state has count %v, want 6 kept", cl.name, count(st))
		}
	}

	// State persists: a restarted server, with the same storage, gives a
	// new client what the agent had, and a task scheduled before the
	// restart runs after it.
	if os.Getenv(targetEnv) == "wrangler" {
		t.Log("not restarting under wrangler dev: an object its restored alarm wakes has no ctx.id.name there, and the Agents SDK then refuses every event (\"could not determine its Durable Object name\")")
		return
	}
	a.rpc("4", "remindIn", 2, "after the restart")
	s.Close()
	s = servePersist(t, dir, persist)
	d := dial(t, s, "/agents/counter/team", "d")
	st := d.state("the reminder scheduled before the restart", func(st map[string]any) bool {
		return reminders(st) == `["stand up","after the restart"]`
	})
	if count(st) != 6 {
		t.Errorf("after a restart, state = %v, want count 6 kept", st)
	}
}
