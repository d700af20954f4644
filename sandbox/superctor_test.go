package sandbox

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
)

// workerd's DurableObject base constructor checks its arguments: a subclass
// that drops env, or both arguments, never constructs (observed with
// workerd 2026-04-26 at three compatibility dates).
func TestSuperArgumentsAreChecked(t *testing.T) {
	for call, want := range map[string]string{
		"super(ctx, env)": "constructed",
		"super(ctx)":      "TypeError: Failed to construct 'DurableObjectBase': constructor parameter 2 is not of type 'JsObject'.",
		"super()":         "TypeError: Failed to construct 'DurableObjectBase': constructor parameter 1 is not of type 'DurableObjectState'.",
	} {
		rt, _ := load(t, `import { DurableObject } from "cloudflare:workers";
export class Obj extends DurableObject {
  constructor(ctx: any, env: any) {
    // @ts-ignore
    `+call+`;
  }
  fetch() { return new Response("constructed"); }
}
export default {
  async fetch(req: Request, env: any) {
    try {
      return await env.OBJ.getByName("a").fetch(req);
    } catch (e: any) {
      return new Response(e.name + ": " + e.message);
    }
  },
};
`, nil)
		resp, err := rt.Fetch(httptest.NewRequest("GET", "http://w/", nil))
		if err != nil {
			t.Fatalf("%s: %v", call, err)
		}
		body, _ := io.ReadAll(resp.Body)
		if got := strings.TrimSpace(string(body)); got != want {
			t.Errorf("%s: got %q, want %q", call, got, want)
		}
	}
}
