package sandbox

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dolint-dev/dolint/internal/corpus"
	"github.com/dolint-dev/dolint/internal/npmtier"
	"github.com/dolint-dev/dolint/jsast"
)

// surfaceTargets are the parts of @cloudflare/workers-types that Workers
// and Durable Objects code uses, each with the JavaScript that yields a
// value to check. A type "X" checks the instance members of interface or
// class X (and what it extends); "typeof:X" checks the static side, from
// the class or the declare var/const of X; "globals" checks names on
// globalThis; "cloudflare:workers" the module's exports. Probes with ctx
// run in a Durable Object (ctx, env, txn in scope); wctx is the Worker's
// ExecutionContext.
var surfaceTargets = []struct{ typ, expr string }{
	{"WebSocket", "new WebSocketPair()[0]"},
	{"typeof:WebSocket", "WebSocket"},
	{"Request", `new Request("https://example.com/")`},
	{"Response", `new Response("x")`},
	{"typeof:Response", "Response"},
	{"Headers", "new Headers()"},
	{"URL", `new URL("https://example.com/")`},
	{"typeof:URL", "URL"},
	{"URLSearchParams", `new URLSearchParams("a=1")`},
	{"URLPattern", `new URLPattern({ pathname: "/" })`},
	{"TextEncoder", "new TextEncoder()"},
	{"TextDecoder", "new TextDecoder()"},
	{"AbortController", "new AbortController()"},
	{"AbortSignal", "new AbortController().signal"},
	{"typeof:AbortSignal", "AbortSignal"},
	{"Event", `new Event("x")`},
	{"EventTarget", "new EventTarget()"},
	{"DOMException", `new DOMException("x")`},
	{"Crypto", "crypto"},
	{"SubtleCrypto", "crypto.subtle"},
	{"Scheduler", "scheduler"},
	{"CacheStorage", "caches"},
	{"Cache", "caches.default"},
	{"ReadableStream", "new ReadableStream()"},
	{"WritableStream", "new WritableStream()"},
	{"TransformStream", "new TransformStream()"},
	{"HTMLRewriter", "new HTMLRewriter()"},
	{"FormData", "new FormData()"},
	{"Blob", "new Blob([])"},
	{"File", `new File([], "f")`},
	{"MessageEvent", `new MessageEvent("message", { data: 1 })`},
	{"CloseEvent", `new CloseEvent("close")`},
	{"ErrorEvent", `new ErrorEvent("error")`},
	{"CustomEvent", `new CustomEvent("c")`},
	{"ReadableStreamDefaultReader", "new ReadableStream().getReader()"},
	{"WritableStreamDefaultWriter", "new WritableStream().getWriter()"},
	{"TextEncoderStream", "new TextEncoderStream()"},
	{"TextDecoderStream", "new TextDecoderStream()"},
	{"CompressionStream", `new CompressionStream("gzip")`},
	{"DecompressionStream", `new DecompressionStream("gzip")`},
	{"DigestStream", `new crypto.DigestStream("SHA-256")`},
	{"FixedLengthStream", "new FixedLengthStream(0)"},
	{"Performance", "performance"},
	{"Navigator", "navigator"},
	{"DurableObjectState", "ctx"},
	{"DurableObjectStorage", "ctx.storage"},
	{"DurableObjectTransaction", "txn"},
	{"SqlStorage", "ctx.storage.sql"},
	{"SqlStorageCursor", `ctx.storage.sql.exec("SELECT 1")`},
	{"SyncKvStorage", "ctx.storage.kv"},
	{"DurableObjectNamespace", "env.OBJ"},
	{"DurableObjectId", `env.OBJ.idFromName("a")`},
	{"WebSocketRequestResponsePair", `new WebSocketRequestResponsePair("a", "b")`},
	{"ExecutionContext", "wctx"},
	{"cloudflare:workers", "workers"},
	{"globals", "globalThis"},
}

// surfaceGlobals are the global names checked, besides the classes above:
// those that Workers code calls or constructs.
var surfaceGlobals = []string{
	"atob", "btoa", "setTimeout", "clearTimeout", "setInterval", "clearInterval", "queueMicrotask",
	"structuredClone", "fetch", "reportError", "crypto", "caches", "scheduler", "performance", "navigator",
	"self", "WebSocket", "WebSocketPair", "Request", "Response", "Headers", "FormData", "Blob", "File", "URL",
	"URLSearchParams", "URLPattern", "TextEncoder", "TextDecoder", "TextEncoderStream", "TextDecoderStream",
	"AbortController", "AbortSignal", "Event", "EventTarget", "CustomEvent", "MessageEvent", "CloseEvent",
	"ErrorEvent", "DOMException", "ReadableStream", "WritableStream", "TransformStream", "CompressionStream",
	"DecompressionStream", "ByteLengthQueuingStrategy", "CountQueuingStrategy", "FixedLengthStream",
	"IdentityTransformStream", "HTMLRewriter", "Crypto", "SubtleCrypto", "CryptoKey", "CacheStorage", "Cache",
	"MessageChannel", "MessagePort", "EventSource", "WebSocketRequestResponsePair",
}

// TestWorkersTypesSurface reads the pinned @cloudflare/workers-types with
// jsast and checks that every member it declares for the targets above
// exists in the sandbox, except the gaps declared in
// testdata/surface-gaps.txt. A gap that is filled must leave the list.
func TestWorkersTypesSurface(t *testing.T) {
	npmtier.Require(t, "the workers-types surface tier")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	dir, err := corpus.Dir()
	if err != nil {
		t.Fatal(err)
	}
	if err := corpus.Ensure(ctx, dir); err != nil {
		t.Fatal(err)
	}
	dts := filepath.Join(dir, "node_modules", "@cloudflare", "workers-types", "index.d.ts")
	src, err := os.ReadFile(dts)
	if err != nil {
		t.Fatal(err)
	}
	decls, err := readDeclarations(dts, src)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{}
	for _, tg := range surfaceTargets {
		var m []string
		switch {
		case tg.typ == "globals":
			m = surfaceGlobals
		case tg.typ == "cloudflare:workers":
			m = decls.module
		case strings.HasPrefix(tg.typ, "typeof:"):
			m = decls.statics(strings.TrimPrefix(tg.typ, "typeof:"))
		default:
			m = decls.instance(tg.typ)
		}
		if len(m) == 0 {
			t.Errorf("%s: workers-types declares no members (renamed?)", tg.typ)
		}
		want[tg.typ] = m
	}
	missing := probeSurface(t, want)
	gaps := readGaps(t)
	checked := 0
	for _, ms := range want {
		checked += len(ms)
	}
	var unexplained []string
	for typ, ms := range missing {
		for _, m := range ms {
			if gaps[typ+"."+m] == "" && gaps[typ+".*"] == "" {
				unexplained = append(unexplained, typ+"."+m)
			}
		}
	}
	sort.Strings(unexplained)
	for _, u := range unexplained {
		t.Errorf("missing from the sandbox: %s", u)
	}
	missingSet := map[string]bool{}
	for typ, ms := range missing {
		missingSet[typ+".*"] = true
		for _, m := range ms {
			missingSet[typ+"."+m] = true
		}
	}
	for g := range gaps {
		if !missingSet[g] {
			t.Errorf("testdata/surface-gaps.txt: %s is no longer missing; remove it", g)
		}
	}
	t.Logf("workers-types surface: %d members checked, %d declared gaps", checked, len(gaps))
}

// readGaps reads the declared gaps: "Type.member reason" per line.
func readGaps(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "surface-gaps.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gaps := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, reason, _ := strings.Cut(line, " ")
		if strings.TrimSpace(reason) == "" {
			t.Errorf("testdata/surface-gaps.txt:%d: %s has no reason", n, key)
		}
		if _, dup := gaps[key]; dup {
			t.Errorf("testdata/surface-gaps.txt:%d: %s listed twice", n, key)
		}
		gaps[key] = strings.TrimSpace(reason)
	}
	return gaps
}

// declarations are the members that workers-types declares.
type declarations struct {
	f          *jsast.File
	interfaces map[string][]*jsast.Node // interfaces and classes, all declarations merged
	vars       map[string]*jsast.Node   // declare var/const: the type
	module     []string                 // the runtime exports of cloudflare:workers
}

func readDeclarations(path string, src []byte) (*declarations, error) {
	f := jsast.ParseLang(path, src, jsast.LangDTS)
	if len(f.Errors) > 0 {
		line, col := f.Position(f.Errors[0].Offset)
		return nil, fmt.Errorf("%s:%d:%d: %s", path, line, col, f.Errors[0].Message)
	}
	d := &declarations{f: f, interfaces: map[string][]*jsast.Node{}, vars: map[string]*jsast.Node{}}
	for _, st := range f.Root.List {
		switch st.Kind {
		case jsast.KindInterfaceDecl, jsast.KindClassDecl:
			d.interfaces[f.IdentName(st.Name)] = append(d.interfaces[f.IdentName(st.Name)], st)
		case jsast.KindVarStmt:
			for _, v := range st.List {
				if v.Name != nil && v.Name.Kind == jsast.KindIdentifier && v.Type != nil {
					d.vars[f.IdentName(v.Name)] = v.Type
				}
			}
		case jsast.KindModuleDecl:
			if st.Name != nil && f.IdentName(st.Name) == "CloudflareWorkersModule" && st.Body != nil {
				d.module = d.moduleExports(st.Body)
			}
		}
	}
	return d, nil
}

// moduleExports lists the exported values of a namespace body.
func (d *declarations) moduleExports(body *jsast.Node) []string {
	var out []string
	for _, st := range body.List {
		if !st.Has(jsast.FlagExport) {
			continue
		}
		switch st.Kind {
		case jsast.KindClassDecl, jsast.KindFuncDecl:
			out = append(out, d.f.IdentName(st.Name))
		case jsast.KindVarStmt:
			for _, v := range st.List {
				out = append(out, d.f.IdentName(v.Name))
			}
		}
	}
	return dedup(out)
}

// instance lists the required instance members of interface or class
// name and of what it extends.
func (d *declarations) instance(name string) []string {
	var out []string
	seen := map[string]bool{}
	var walk func(string)
	walk = func(n string) {
		if seen[n] {
			return
		}
		seen[n] = true
		for _, decl := range d.interfaces[n] {
			for _, m := range decl.List {
				if !m.Has(jsast.FlagStatic) {
					out = append(out, d.memberName(m)...)
				}
			}
			for _, h := range decl.Params() {
				if h.Kind != jsast.KindHeritageClause || h.Op != jsast.TExtends {
					continue
				}
				for _, e := range h.List {
					if e.X != nil && e.X.Kind == jsast.KindIdentifier {
						walk(d.f.IdentName(e.X))
					}
				}
			}
		}
	}
	walk(name)
	return dedup(out)
}

// statics lists the static members of class name, or the members of
// the type literal of declare var name.
func (d *declarations) statics(name string) []string {
	var out []string
	for _, decl := range d.interfaces[name] {
		if decl.Kind != jsast.KindClassDecl {
			continue
		}
		for _, m := range decl.List {
			if m.Has(jsast.FlagStatic) {
				out = append(out, d.memberName(m)...)
			}
		}
	}
	if t := d.vars[name]; t != nil && t.Kind == jsast.KindTypeLiteral {
		for _, m := range t.List {
			out = append(out, d.memberName(m)...)
		}
	}
	return dedup(out)
}

// memberName is the name of a required property, method or accessor;
// constructors, signatures, optional and private members have none.
func (d *declarations) memberName(m *jsast.Node) []string {
	switch m.Kind {
	case jsast.KindPropertySignature, jsast.KindMethodSignature, jsast.KindPropertyDecl, jsast.KindMethodDecl,
		jsast.KindGetAccessor, jsast.KindSetAccessor:
	default:
		return nil
	}
	if m.Has(jsast.FlagOptional) || m.Has(jsast.FlagPrivate) || m.Has(jsast.FlagProtected) || m.Name == nil {
		return nil
	}
	var name string
	switch m.Name.Kind {
	case jsast.KindIdentifier:
		name = d.f.IdentName(m.Name)
	case jsast.KindStringLiteral:
		name = d.f.StringValue(m.Name)
	case jsast.KindComputedPropName:
		// [Symbol.asyncIterator] and the like.
		name = strings.Trim(d.f.Text(m.Name), "[]")
		if !strings.HasPrefix(name, "Symbol.") {
			return nil
		}
	default:
		return nil
	}
	if name == "prototype" {
		return nil
	}
	return []string{name}
}

func dedup(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// probeSurface runs each target's probe in the sandbox and returns, per
// target, the members its value lacks ("*" alone when the probe threw).
func probeSurface(t *testing.T, want map[string][]string) map[string][]string {
	t.Helper()
	var probes strings.Builder
	for _, tg := range surfaceTargets {
		fmt.Fprintf(&probes, "  %q: (ctx, env, txn, wctx) => %s,\n", tg.typ, tg.expr)
	}
	spec, _ := json.Marshal(want)
	src := `
import { DurableObject } from "cloudflare:workers";
import * as workers from "cloudflare:workers";
const probes = {
` + probes.String() + `};
const spec = ` + string(spec) + `;
function has(o, m) {
  if (m.startsWith("Symbol.")) return Symbol[m.slice(7)] in Object(o);
  return m in Object(o);
}
function run(ctx, env, txn, wctx, only) {
  const out = {};
  for (const typ of Object.keys(spec)) {
    if ((typ === "ExecutionContext") !== only) continue;
    let o;
    try { o = probes[typ](ctx, env, txn, wctx); } catch (e) { out[typ] = ["*", String(e)]; continue; }
    if (o === undefined || o === null) { out[typ] = ["*", "probe gave " + o]; continue; }
    const m = spec[typ].filter((n) => !has(o, n));
    if (m.length) out[typ] = m;
  }
  return out;
}
export class Obj extends DurableObject {
  async fetch() {
    let txn;
    await this.ctx.storage.transaction(async (t) => { txn = t; });
    return Response.json(run(this.ctx, this.env, txn, undefined, false));
  }
}
export default {
  async fetch(req, env, wctx) {
    const inObject = await (await env.OBJ.getByName("surface").fetch(req)).json();
    return Response.json(Object.assign(inObject, run(undefined, env, undefined, wctx, true)));
  },
};`
	rt, lg := load(t, src, nil)
	res, err := rt.Fetch(httptest.NewRequest("GET", "http://example.com/", nil))
	if err != nil {
		t.Fatalf("%v\n%s", err, lg)
	}
	b, _ := io.ReadAll(res.Body)
	var missing map[string][]string
	if err := json.Unmarshal(b, &missing); err != nil {
		t.Fatalf("%v: %s\n%s", err, b, lg)
	}
	for typ, ms := range missing {
		if len(ms) == 2 && ms[0] == "*" {
			t.Logf("%s: the probe failed (%s); every member counts as missing", typ, ms[1])
			missing[typ] = want[typ]
		}
	}
	return missing
}
