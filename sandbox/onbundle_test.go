package sandbox

import (
	"encoding/json"
	"errors"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// OnBundle hands over the script the runtime runs and its source map; a
// stack frame of that script points, through the map, at the source line.
func TestOnBundle(t *testing.T) {
	src := "import { DurableObject } from \"cloudflare:workers\";\n" +
		"export class Obj extends DurableObject {}\n" +
		"function explode(): never {\n" +
		"  throw new Error(\"boom\");\n" +
		"}\n" +
		"export default { fetch() { explode(); return new Response(\"x\"); } };\n"
	var js string
	var sm []byte
	calls := 0
	rt, _ := load(t, src, func(o *Options) {
		o.OnBundle = func(j string, m []byte) { js, sm = j, m; calls++ }
	})
	if calls != 1 {
		t.Fatalf("OnBundle called %d times", calls)
	}
	var m struct {
		Version  int      `json:"version"`
		Sources  []string `json:"sources"`
		Mappings string   `json:"mappings"`
	}
	if err := json.Unmarshal(sm, &m); err != nil {
		t.Fatalf("source map is not JSON: %v\n%s", err, sm)
	}
	if m.Version != 3 || len(m.Sources) != 1 || m.Sources[0] != "src/index.ts" || m.Mappings == "" {
		t.Errorf("source map: version %d, sources %q", m.Version, m.Sources)
	}
	if strings.Contains(js, "sourceMappingURL") || !strings.Contains(js, `throw new Error("boom")`) {
		t.Errorf("script:\n%s", js)
	}
	_, err := rt.Fetch(httptest.NewRequest("GET", "http://x/", nil))
	var se *ScriptError
	if !errors.As(err, &se) {
		t.Fatalf("fetch: %v", err)
	}
	// The frame of explode is on the line of the throw in the script.
	throwLine := 1 + strings.Count(js[:strings.Index(js, `throw new Error("boom")`)], "\n")
	if want := "worker.js:" + strconv.Itoa(throwLine) + ":"; !strings.Contains(se.Stack, want) {
		t.Errorf("stack %q does not hold %s", se.Stack, want)
	}
}
