package hibernationstate_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/hibernationstate"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// Observed with miniflare 4.20260426.0 (workerd 2026-04-26), compat
// 2026-04-26, SQLite-backed class: an object accepted a socket with
// this.ctx.acceptWebSocket(server), put {name: "alice"} in a Map keyed by
// the socket and in server.serializeAttachment(), and its webSocketMessage
// bumped a counter. The first message saw constructed=1, count=1,
// sessions.size=1 and the session. After 21 s without events the next
// message ran on a second instance (constructed=2): count was 1 again,
// sessions.size 0 and sessions.get(ws) undefined, while
// ws.deserializeAttachment() still gave {name: "alice"} and
// ctx.getWebSockets().length was 1.
func TestRule(t *testing.T) {
	ruletest.RunWithFixes(t, "testdata", hibernationstate.Rule, "basic", "fix")
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, hibernationstate.Rule)
}
