package sandbox

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Under verification connect() from cloudflare:sockets is answered like
// fetch: the connection and each write are recorded, and the stub's reply
// is what the Worker reads. Without the stub the module is not there.
func TestSocketStub(t *testing.T) {
	src := `
import { DurableObject } from "cloudflare:workers";
import { connect } from "cloudflare:sockets";
export class Obj extends DurableObject {
  async ping() {
    const sock = connect({ hostname: "db.internal", port: 6379 });
    const info = await sock.opened;
    const w = sock.writable.getWriter();
    const r = sock.readable.getReader();
    const greeting = new TextDecoder().decode((await r.read()).value);
    await w.write(new TextEncoder().encode("PING\r\n"));
    const reply = new TextDecoder().decode((await r.read()).value);
    await sock.close();
    const end = await r.read();
    return [info.remoteAddress, greeting, reply, String(end.done)];
  }
}
export default { fetch() { return new Response("x"); } };`
	var mu sync.Mutex
	var sent []string
	rt, _ := load(t, src, func(o *Options) {
		o.StubFetch = func(req Outbound) StubReply {
			mu.Lock()
			sent = append(sent, fmt.Sprintf("%s %s %q", req.Method, req.URL, req.Body))
			mu.Unlock()
			switch req.Method {
			case "CONNECT":
				return StubReply{Body: []byte("hello")}
			case "SEND":
				return StubReply{Body: []byte("+PONG")}
			}
			return StubReply{}
		}
	})
	v, err := rt.Call("OBJ", "a", "ping")
	if got := strings.Join(toStrings(v), "|"); err != nil || got != "db.internal:6379|hello|+PONG|true" {
		t.Errorf("ping() = %q, %v", got, err)
	}
	if got := strings.Join(sent, "; "); got != `CONNECT tcp://db.internal:6379 ""; SEND tcp://db.internal:6379 "PING\r\n"` {
		t.Errorf("recorded %s", got)
	}

	dir := t.TempDir()
	putFile(t, filepath.Join(dir, "src", "index.ts"), src)
	_, err = Load(Options{Main: "src/index.ts", Dir: dir, CompatibilityDate: "2025-09-01",
		Bindings: []Binding{{Name: "OBJ", ClassName: "Obj"}}, Classes: map[string]Backend{"Obj": BackendSQLite}})
	if err == nil || !strings.Contains(err.Error(), `No such module "cloudflare:sockets"`) {
		t.Errorf("without a stub: %v", err)
	}
}
