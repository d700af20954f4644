package wsclose_test

import (
	"testing"

	"github.com/dolint-dev/dolint/analyzers/wsclose"
	"github.com/dolint-dev/dolint/internal/ruletest"
)

// Observed with miniflare 4.20260426.0 (workerd 2026-04-26), an object
// that accepts with this.ctx.acceptWebSocket(server): when the client
// sends close(4000, "bye"), webSocketClose(ws, 4000, "bye", true) runs
// with ws.readyState 2, and the client gets no Close frame back within
// 1.5 s at compatibility dates 2026-04-06, 2026-04-07 and 2026-04-26 when
// the handler does not call ws.close(); with ws.close(code, reason) in the
// handler the client gets (4000, "bye") at every date. A socket accepted
// with server.accept() instead gets no reply at 2026-04-06 and an
// automatic (4000, "bye") from 2026-04-07 (web_socket_auto_reply_to_close;
// naming the flag at 2026-04-26 makes workerd refuse to start, since the
// date already implies it). Echoing the received code throws for 1005 (a
// client close() without a code) and 1006 (a client that drops the
// connection; reason "WebSocket disconnected without sending Close
// frame.", wasClean false): "InvalidAccessError: Invalid WebSocket close
// code: 1005." (and 1006); a plain ws.close() then succeeds, and the
// client that sent no code gets a Close frame without one (1005).
func TestRule(t *testing.T) {
	ruletest.RunWithFixes(t, "testdata", wsclose.Rule, "basic", "js", "crlf", "noaccept")
}

func TestDoc(t *testing.T) {
	ruletest.CheckDoc(t, wsclose.Rule)
}
