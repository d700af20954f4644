package wsaccept_test

import (
	"slices"
	"testing"

	"github.com/dolint-dev/dolint/analyzers/wsaccept"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// Observed with miniflare 4.20260426.0 (workerd 2026-04-26), compat
// 2025-09-01: a Durable Object that calls server.accept() on a
// WebSocketPair end and defines webSocketMessage never has the handler
// called for a client message, and ctx.getWebSockets().length is 0; a
// later this.ctx.acceptWebSocket(server) throws "Error: Cannot call
// `acceptWebSocket()` if the WebSocket was already accepted via
// `accept()`". After 25 s without events, an object holding a socket it
// accepted with server.accept() was still the same instance (an idle
// object without sockets had been evicted), while one that used
// this.ctx.acceptWebSocket(server) had hibernated: the client's next
// message reached webSocketMessage on a freshly constructed instance.
func TestRule(t *testing.T) {
	ruletest.RunWithFixes(t, "testdata", wsaccept.Rule, "basic", "nomove", "js", "crlf", "regress_helper_method", "dead_handlers", "error_path")
	ruletest.Run(t, "testdata", wsaccept.Rule, "proxy")
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, wsaccept.Rule)
}

// TestDeadHandlers checks that a finding in a class with hibernation
// handlers points at each handler that the accepted socket never reaches.
func TestDeadHandlers(t *testing.T) {
	res := ruletest.Run(t, "testdata", wsaccept.Rule, "dead_handlers")["dead_handlers"]
	for _, c := range []struct {
		class string
		lines []int
	}{
		{"Room", []int{12, 16, 20}},
		{"Feed", []int{34, 30}}, // the handler, then the listener to move,
		{"Plain", nil},
	} {
		if got := ruletest.Related(t, res, "Durable Object "+c.class+":"); !slices.Equal(got, c.lines) {
			t.Errorf("%s: related locations on lines %v, want %v", c.class, got, c.lines)
		}
	}
}
