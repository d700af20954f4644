package sandbox

import (
	"net/http/httptest"
	"testing"
	"time"
)

func TestWebSocketHibernation(t *testing.T) {
	rt, _ := load(t, `
import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  constructor(ctx, env) { super(ctx, env); this.mem = "fresh"; }
  async fetch(req) {
    const pair = new WebSocketPair();
    const tags = JSON.parse(new URL(req.url).searchParams.get("tags") || "[]");
    this.ctx.acceptWebSocket(pair[1], tags);
    pair[1].serializeAttachment({ since: new Date(7) });
    this.ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
    return new Response(null, { status: 101, webSocket: pair[0] });
  }
  webSocketMessage(ws, msg) {
    const fmt = (e) => e.name + ": " + e.message;
    let out;
    switch (msg) {
      case "tags": out = JSON.stringify(this.ctx.getTags(ws)); break;
      case "att": out = String(ws.deserializeAttachment().since.getTime()); break;
      case "count": out = String(this.ctx.getWebSockets().length) + "/" + this.ctx.getWebSockets("b").length + "/" + (this.ctx.getWebSockets("a")[0] === ws); break;
      case "mem": out = this.mem; this.mem = "changed"; break;
      case "big": try { ws.serializeAttachment("x".repeat(16384)); out = "no error"; } catch (e) { out = fmt(e); } break;
      case "fits": ws.serializeAttachment("x".repeat(16379)); out = "ok"; break;
      case "again": try { this.ctx.acceptWebSocket(ws); } catch (e) { out = fmt(e); } break;
      case "ts": out = String(this.ctx.getWebSocketAutoResponseTimestamp(ws) instanceof Date); break;
      case "manytags": {
        const p = new WebSocketPair();
        try { this.ctx.acceptWebSocket(p[1], Array.from({ length: 11 }, (_, i) => "t" + i)); } catch (e) { out = fmt(e); }
        break;
      }
      default: out = typeof msg === "string" ? "echo " + msg : "binary " + msg.byteLength;
    }
    ws.send(out);
  }
  webSocketClose(ws, code, reason, wasClean) {
    ws.close(code, "closed " + reason + " " + wasClean + " " + ws.readyState);
  }
}
export default { fetch(req, env) { return env.OBJ.getByName("ws").fetch(req); } };
`, func(o *Options) { o.CompatibilityDate = "2026-04-26" })
	conn, res, err := rt.ConnectWebSocket(httptest.NewRequest("GET", `http://x/?tags=["a","b","a"]`, nil))
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 101 {
		t.Fatalf("status %d", res.StatusCode)
	}
	ask := func(msg, want string) {
		t.Helper()
		conn.SendText(msg)
		got, err := conn.Receive(5 * time.Second)
		if err != nil {
			t.Fatalf("%s: %v", msg, err)
		}
		if got.Text != want {
			t.Errorf("%s: got %q want %q", msg, got.Text, want)
		}
	}
	ask("ping", "pong")
	ask("ts", "true")
	ask("tags", `["a","b"]`)
	ask("att", "7")
	ask("count", "1/1/true")
	ask("mem", "fresh")
	ask("mem", "changed")
	ask("big", "Error: A WebSocket 'attachment' cannot be larger than 16384 bytes.'attachment' was 16390 bytes.")
	ask("fits", "ok")
	ask("again", "Error: Cannot call `acceptWebSocket()` if the WebSocket was already accepted via `accept()`")
	ask("manytags", "Error: a Hibernatable WebSocket cannot have more than 10 tags")
	conn.SendBinary([]byte{1, 2, 3})
	if got, _ := conn.Receive(5 * time.Second); got.Text != "binary 3" {
		t.Errorf("binary: %q", got.Text)
	}

	// Hibernation drops in-memory state; sockets, tags and attachments stay.
	id, _ := rt.IDFromName("OBJ", "ws")
	if err := rt.Hibernate("OBJ", id); err != nil {
		t.Fatal(err)
	}
	ask("mem", "fresh")
	ask("tags", `["a","b"]`)
	ask("count", "1/1/true")

	conn.Close(4000, "bye")
	got, err := conn.Receive(5 * time.Second)
	if err != nil || !got.Close || got.Code != 4000 || got.Reason != "closed bye true 2" {
		t.Errorf("close: %+v %v", got, err)
	}
}
