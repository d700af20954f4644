package verify

import (
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/internal/fix"
)

// A session Map keyed by the socket is empty after hibernation; the same
// data in the socket's attachment survives it.
func TestHibernationState(t *testing.T) {
	src := `import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  sessions = new Map<WebSocket, { name: string }>();
  async fetch(request: Request): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    this.sessions.set(server, { name: "ada" });
    return new Response(null, { status: 101, webSocket: client });
  }
  webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
    const session = this.sessions.get(ws);
    ws.send(session?.name + " says " + JSON.parse(message as string).body);
  }
}
export default { fetch() { return new Response("ok"); } };
`
	fixed := strings.Replace(src, "  sessions = new Map<WebSocket, { name: string }>();\n", "", 1)
	fixed = strings.Replace(fixed, `this.sessions.set(server, { name: "ada" })`, `server.serializeAttachment({ name: "ada" })`, 1)
	fixed = strings.Replace(fixed, "this.sessions.get(ws)", "ws.deserializeAttachment()", 1)
	f := fixture{config: sqliteConfig, src: src, rule: "hibernationstate", mark: "this.sessions.get(ws)"}
	want(t, "attachment", f.verdict(t, map[string]string{"src/index.ts": fixed}),
		fix.Verified, `same replies (["ada says hello"]), also to a message sent after hibernation`)
	// Keeping the Map is what the rule reports: the reply after
	// hibernation no longer names the sender.
	want(t, "map kept", f.verdict(t, map[string]string{"src/index.ts": strings.Replace(src, `" says "`, `" said "`, 1)}),
		fix.RejectedByCheck, "reply to a message changed")
	want(t, "map kept, same reply", f.verdict(t, map[string]string{"src/index.ts": src + "\n"}),
		fix.RejectedByCheck, `after hibernation the reply to a second message is ["undefined says hello"]; without hibernation the original answers ["ada says hello"]`)
}
