package verify

import (
	"strings"
	"testing"

	"github.com/dolint-dev/dolint/internal/fix"
)

func TestExamplePath(t *testing.T) {
	for _, c := range []struct {
		re, want string
		ok       bool
	}{
		{`^\/v1\/feeds\/(.+)$`, "/v1/feeds/dolint", true},
		{`\/rooms\/([^/]+)\/socket`, "/rooms/dolint/socket", true},
		{`^\/api\/(?<id>\d+)\/ws\/?$`, "/api/1/ws/", true},
		{`^\/(?:live|ws)\/(\w+)`, "/live/dolint", true},
		{`^\/items\/[a-z]{2,8}\.json$`, "/items/dolint.json", true},
		{`^\/a(?=b)`, "", false},
		{`^\/a\sb`, "", false},
	} {
		got, ok := examplePath(c.re)
		if got != c.want || ok != c.ok {
			t.Errorf("examplePath(%q) = %q, %v; want %q, %v", c.re, got, ok, c.want, c.ok)
		}
	}
}

// An object whose WebSocket route is a path pattern of another module,
// selected by a query parameter, and which answers 404 until a PUT to
// the same URL creates the channel; then it asks, in its 400's body, for
// a parameter that the other module reads. A test of the app would drive
// it so.
func TestWSCloseOnCreatedResource(t *testing.T) {
	route := `export const CHANNEL = /^\/api\/channels\/([A-Za-z0-9_-]+)$/;
export function startOf(url: URL): number | null {
  const since = url.searchParams.get("since");
  if (since === "start") return 0;
  return since ? Number(since) : null;
}
export function channelOf(pathname: string): string | null {
  const m = CHANNEL.exec(pathname);
  return m ? m[1] : null;
}
`
	src := `import { DurableObject } from "cloudflare:workers";
import { channelOf, startOf } from "./route";
export class Obj extends DurableObject {
  async fetch(req: Request) {
    const url = new URL(req.url);
    const name = channelOf(url.pathname);
    if (!name) return new Response("no such route", { status: 404 });
    if (req.method === "PUT") {
      await this.ctx.storage.put("channel:" + name, { created: true });
      return new Response(null, { status: 201 });
    }
    if (url.searchParams.get("transport") !== "socket") return new Response("read " + name);
    if (!(await this.ctx.storage.get("channel:" + name))) return Response.json({ error: "unknown channel" }, { status: 404 });
    if (startOf(url) === null) return Response.json({ error: "since is required" }, { status: 400 });
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }
  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    console.log(code, reason);
  }
}
export default { fetch: () => new Response("ok") };
`
	f := fixture{config: sqliteConfig, src: src, rule: "wsclose", mark: "webSocketClose(", extra: map[string]string{"src/route.ts": route}}
	fixed := strings.Replace(src, "    console.log(code, reason);\n", wsCloseFix, 1)
	want(t, "echo", f.verdict(t, map[string]string{"src/index.ts": fixed}), fix.Verified,
		`; the object answers 404 on /api/channels/dolint?transport=socket until a PUT to it creates what it serves, so the check sent one first`)
	other := strings.Replace(src, "    console.log(code, reason);\n", "    ws.close(1000, \"bye\");\n", 1)
	want(t, "other code", f.verdict(t, map[string]string{"src/index.ts": other}), fix.RejectedByCheck, `gets ["close 1000 \"bye\""] back`)

	// A channel that nothing creates stays unverifiable: the check does
	// not make up a socket the app never opens.
	never := strings.Replace(src, "      await this.ctx.storage.put(\"channel:\" + name, { created: true });\n", "", 1)
	f.src = never
	want(t, "nothing creates the channel", f.verdict(t, map[string]string{"src/index.ts": strings.Replace(never, "    console.log(code, reason);\n", wsCloseFix, 1)}),
		fix.Unverifiable, "does not accept a WebSocket")
}
