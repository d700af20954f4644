package sandbox

import (
	"strings"
	"testing"
)

// URLPattern matches as workerd 1.20260426's does (the answers below are
// its own, through miniflare): named and unnamed groups, optional and
// repeated ones with the pathname's "/" prefix, custom regular
// expressions, {...} groups, string patterns, base URLs and ignoreCase.
func TestURLPattern(t *testing.T) {
	rt, _ := load(t, harness+`
const cases = [
  [{ pathname: "/books/:id" }, "https://x.dev/books/12"],
  [{ pathname: "/books/:id" }, "https://x.dev/books/12/more"],
  [{ pathname: "/books/:id?" }, "https://x.dev/books"],
  [{ pathname: "/books/:id?" }, "https://x.dev/books/7"],
  [{ pathname: "/files/*" }, "https://x.dev/files/a/b.txt"],
  [{ pathname: "/*" }, "https://x.dev/anything/here"],
  [{ pathname: "/mcp" }, "https://x.dev/mcp"],
  [{ pathname: "/mcp" }, "https://x.dev/mcp/x"],
  [{ pathname: "/sse/message" }, "https://x.dev/sse/message?sessionId=1"],
  [{ pathname: String.raw`+"`"+`/post/:year(\d+)/:slug`+"`"+` }, "https://x.dev/post/2024/hello"],
  [{ pathname: String.raw`+"`"+`/post/:year(\d+)/:slug`+"`"+` }, "https://x.dev/post/abc/hello"],
  [{ pathname: "/a/:rest+" }, "https://x.dev/a/b/c"],
  [{ pathname: "/a/:rest*" }, "https://x.dev/a"],
  [{ pathname: "/a{/b}?/c" }, "https://x.dev/a/c"],
  [{ pathname: "/a{/b}?/c" }, "https://x.dev/a/b/c"],
  [{ hostname: ":sub.example.com" }, "https://api.example.com/x"],
  [{ protocol: "http{s}?", pathname: "/x" }, "http://h/x"],
  [{ search: "q=:q" }, "https://x.dev/?q=abc"],
  ["https://example.com/books/:id", "https://example.com/books/5"],
  ["/users/:uid", "https://base.dev/users/9", "https://base.dev"],
  [{ pathname: "/Case" , ignoreCase: true }, "https://x.dev/case"],
  [{ pathname: "/(foo|bar)/:n" }, "https://x.dev/bar/1"],
  [{ pathname: "/:a-:b" }, "https://x.dev/x-y"],
  [{ pathname: "/:a.:ext" }, "https://x.dev/file.txt"],
];

const tests = {
  async w_cases() {
    const out = [];
    for (const [p, u, base] of cases) {
      let r;
      try {
        const ic = typeof p === "object" && p.ignoreCase;
        const pat = base ? new URLPattern(p, base) : ic ? new URLPattern({ pathname: p.pathname }, { ignoreCase: true }) : new URLPattern(p);
        const m = pat.exec(u);
        const sorted = (g) => Object.fromEntries(Object.keys(g).sort().map((k) => [k, g[k] === undefined ? "(undefined)" : g[k]]));
        r = pat.test(u) + " " + (m ? JSON.stringify([m.pathname.groups, m.hostname.groups, m.protocol.groups, m.search.groups].map(sorted)) : "null");
      } catch (e) { r = "throws " + e.name + ": " + e.message; }
      out.push(r);
    }
    const pp = new URLPattern({ pathname: "/a/:b" });
    out.push(JSON.stringify([pp.protocol, pp.hostname, pp.pathname, pp.search, pp.hash, pp.port, pp.hasRegExpGroups]));
    return out.join("\n");
  },
};`, nil)
	_, got := get(t, rt, "/w_cases")
	want := strings.Join([]string{
		`true [{"id":"12"},{"0":"x.dev"},{"0":"https"},{"0":""}]`,
		`false null`,
		`true [{"id":"(undefined)"},{"0":"x.dev"},{"0":"https"},{"0":""}]`,
		`true [{"id":"7"},{"0":"x.dev"},{"0":"https"},{"0":""}]`,
		`true [{"0":"a/b.txt"},{"0":"x.dev"},{"0":"https"},{"0":""}]`,
		`true [{"0":"anything/here"},{"0":"x.dev"},{"0":"https"},{"0":""}]`,
		`true [{},{"0":"x.dev"},{"0":"https"},{"0":""}]`,
		`false null`,
		`true [{},{"0":"x.dev"},{"0":"https"},{"0":"sessionId=1"}]`,
		`true [{"slug":"hello","year":"2024"},{"0":"x.dev"},{"0":"https"},{"0":""}]`,
		`false null`,
		`true [{"rest":"b/c"},{"0":"x.dev"},{"0":"https"},{"0":""}]`,
		`true [{"rest":"(undefined)"},{"0":"x.dev"},{"0":"https"},{"0":""}]`,
		`true [{},{"0":"x.dev"},{"0":"https"},{"0":""}]`,
		`true [{},{"0":"x.dev"},{"0":"https"},{"0":""}]`,
		`true [{"0":"/x"},{"sub":"api"},{"0":"https"},{"0":""}]`,
		`true [{},{"0":"h"},{},{"0":""}]`,
		`true [{"0":"/"},{"0":"x.dev"},{"0":"https"},{"q":"abc"}]`,
		`true [{"id":"5"},{},{},{"0":""}]`,
		`true [{"uid":"9"},{},{},{"0":""}]`,
		`true [{},{"0":"x.dev"},{"0":"https"},{"0":""}]`,
		`true [{"0":"bar","n":"1"},{"0":"x.dev"},{"0":"https"},{"0":""}]`,
		`true [{"a":"x","b":"y"},{"0":"x.dev"},{"0":"https"},{"0":""}]`,
		`true [{"a":"file","ext":"txt"},{"0":"x.dev"},{"0":"https"},{"0":""}]`,
		`["*","*","/a/:b","*","*","*",false]`,
	}, "\n")
	gotLines, wantLines := strings.Split(got, "\n"), strings.Split(want, "\n")
	if len(gotLines) != len(wantLines) {
		t.Fatalf("got %d answers, want %d:\n%s", len(gotLines), len(wantLines), got)
	}
	for i := range wantLines {
		if gotLines[i] != wantLines[i] {
			t.Errorf("case %d:\n got: %s\nwant: %s", i, gotLines[i], wantLines[i])
		}
	}
}
