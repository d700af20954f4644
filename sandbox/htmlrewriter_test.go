package sandbox

import (
	"strings"
	"testing"
	"time"
)

// HTMLRewriter rewrites as workerd 1.20260426's does (the answers below
// are its own, through miniflare): selectors, element, end tag, text,
// comment and document handlers, and every content edit.
func TestHTMLRewriter(t *testing.T) {
	rt, _ := load(t, harness+`
const tests = {
  async w_cases() {
    const html = '<!DOCTYPE html><html><head><title>T</title><script>if (a < b) x()</script></head><body><div id="main" class="a b"><p>Hello <b>world</b></p><!-- c --><img src="x.png"><a href="/y" data-x=1>link</a></div><p class="a">tail</p></body></html>';
const run = async (setup) => { const rw = new HTMLRewriter(); const log = []; setup(rw, log); const out = await rw.transform(new Response(html, { headers: { "content-type": "text/html" } })).text(); return out + "\n  LOG " + JSON.stringify(log); };
    const out = [];
  out.push(await run((rw, log) => rw.on("p", { element(e) { log.push(e.tagName, [...e.attributes]); e.setAttribute("data-p", "1"); } })));
  out.push(await run((rw, log) => rw.on("div#main > p", { text(t) { log.push([t.text, t.lastInTextNode]); } })));
  out.push(await run((rw, log) => rw.on("a[href]", { element(e) { e.before("<i>b</i>", { html: true }); e.after("<i>a</i>"); e.prepend("["); e.append("]"); } })));
  out.push(await run((rw, log) => rw.on(".a", { element(e) { e.setInnerContent("X"); } })));
  out.push(await run((rw, log) => rw.on("b", { element(e) { e.removeAndKeepContent(); } }).on("img", { element(e) { e.remove(); } })));
  out.push(await run((rw, log) => rw.on("title", { element(e) { e.replace("<title>New</title>", { html: true }); } })));
  out.push(await run((rw, log) => rw.onDocument({ doctype(d) { log.push(d.name, d.publicId, d.systemId); }, comments(c) { log.push(c.text); c.replace("<!-- z -->", { html: true }); }, end(e) { e.append("<!-- end -->", { html: true }); } })));
  out.push(await run((rw, log) => rw.on("p", { element(e) { e.onEndTag((t) => { log.push(t.name); t.before("!"); }); } })));
  out.push(await run((rw, log) => rw.on("div p", { element(e) { e.setAttribute("x", "y"); log.push(e.getAttribute("class"), e.hasAttribute("class"), e.namespaceURI); } })));
  out.push(await run((rw, log) => rw.on("*", { element(e) { log.push(e.tagName); } })));
  out.push(await run((rw, log) => { let all = ""; rw.on("script", { text(t) { all += t.text; if (t.lastInTextNode) log.push(all); } }); }));
  out.push(await run((rw, log) => rw.on("p.a, div", { element(e) { log.push(e.tagName); } }).on("[data-x='1']", { element(e) { log.push("dx"); } }).on("div > a[href^='/']", { element(e) { log.push("a"); } })));
  out.push(await run((rw, log) => rw.on("p", { element(e) { e.tagName = "section"; } })));
  out.push(await run((rw, log) => rw.on("a", { element(e) { e.removeAttribute("data-x"); e.tagName = "span"; } })));
  try { new HTMLRewriter().on("p[", {}); out.push("no throw"); } catch (e) { out.push(e.name + ": " + e.message); }
      return out.join("\n");
  },
  async w_pseudo() {
    try { new HTMLRewriter().on("li:nth-child(2)", {}); return "accepted"; } catch (e) { return e.name + ": " + e.message; }
  },
  async w_async() {
    try {
      new HTMLRewriter().on("p", { async element() {} }).transform(new Response("<p>x</p>"));
      return "ran";
    } catch (e) { return e.name + ": " + e.message; }
  },
};`, nil)
	_, got := get(t, rt, "/w_cases")
	want := strings.Join([]string{
		`<!DOCTYPE html><html><head><title>T</title><script>if (a < b) x()</script></head><body><div id="main" class="a b"><p data-p="1">Hello <b>world</b></p><!-- c --><img src="x.png"><a href="/y" data-x=1>link</a></div><p class="a" data-p="1">tail</p></body></html>`,
		`  LOG ["p",[],"p",[["class","a"]]]`,
		`<!DOCTYPE html><html><head><title>T</title><script>if (a < b) x()</script></head><body><div id="main" class="a b"><p>Hello <b>world</b></p><!-- c --><img src="x.png"><a href="/y" data-x=1>link</a></div><p class="a">tail</p></body></html>`,
		`  LOG [["Hello ",false],["",true],["world",false],["",true]]`,
		`<!DOCTYPE html><html><head><title>T</title><script>if (a < b) x()</script></head><body><div id="main" class="a b"><p>Hello <b>world</b></p><!-- c --><img src="x.png"><i>b</i><a href="/y" data-x=1>[link]</a>&lt;i&gt;a&lt;/i&gt;</div><p class="a">tail</p></body></html>`,
		`  LOG []`,
		`<!DOCTYPE html><html><head><title>T</title><script>if (a < b) x()</script></head><body><div id="main" class="a b">X</div><p class="a">X</p></body></html>`,
		`  LOG []`,
		`<!DOCTYPE html><html><head><title>T</title><script>if (a < b) x()</script></head><body><div id="main" class="a b"><p>Hello world</p><!-- c --><a href="/y" data-x=1>link</a></div><p class="a">tail</p></body></html>`,
		`  LOG []`,
		`<!DOCTYPE html><html><head><title>New</title><script>if (a < b) x()</script></head><body><div id="main" class="a b"><p>Hello <b>world</b></p><!-- c --><img src="x.png"><a href="/y" data-x=1>link</a></div><p class="a">tail</p></body></html>`,
		`  LOG []`,
		`<!DOCTYPE html><html><head><title>T</title><script>if (a < b) x()</script></head><body><div id="main" class="a b"><p>Hello <b>world</b></p><!-- z --><img src="x.png"><a href="/y" data-x=1>link</a></div><p class="a">tail</p></body></html><!-- end -->`,
		`  LOG ["html",null,null," c "]`,
		`<!DOCTYPE html><html><head><title>T</title><script>if (a < b) x()</script></head><body><div id="main" class="a b"><p>Hello <b>world</b>!</p><!-- c --><img src="x.png"><a href="/y" data-x=1>link</a></div><p class="a">tail!</p></body></html>`,
		`  LOG ["p","p"]`,
		`<!DOCTYPE html><html><head><title>T</title><script>if (a < b) x()</script></head><body><div id="main" class="a b"><p x="y">Hello <b>world</b></p><!-- c --><img src="x.png"><a href="/y" data-x=1>link</a></div><p class="a">tail</p></body></html>`,
		`  LOG [null,false,"http://www.w3.org/1999/xhtml"]`,
		`<!DOCTYPE html><html><head><title>T</title><script>if (a < b) x()</script></head><body><div id="main" class="a b"><p>Hello <b>world</b></p><!-- c --><img src="x.png"><a href="/y" data-x=1>link</a></div><p class="a">tail</p></body></html>`,
		`  LOG ["html","head","title","script","body","div","p","b","img","a","p"]`,
		`<!DOCTYPE html><html><head><title>T</title><script>if (a < b) x()</script></head><body><div id="main" class="a b"><p>Hello <b>world</b></p><!-- c --><img src="x.png"><a href="/y" data-x=1>link</a></div><p class="a">tail</p></body></html>`,
		`  LOG ["if (a < b) x()"]`,
		`<!DOCTYPE html><html><head><title>T</title><script>if (a < b) x()</script></head><body><div id="main" class="a b"><p>Hello <b>world</b></p><!-- c --><img src="x.png"><a href="/y" data-x=1>link</a></div><p class="a">tail</p></body></html>`,
		`  LOG ["div","dx","a","p"]`,
		`<!DOCTYPE html><html><head><title>T</title><script>if (a < b) x()</script></head><body><div id="main" class="a b"><section>Hello <b>world</b></section><!-- c --><img src="x.png"><a href="/y" data-x=1>link</a></div><section class="a">tail</section></body></html>`,
		`  LOG []`,
		`<!DOCTYPE html><html><head><title>T</title><script>if (a < b) x()</script></head><body><div id="main" class="a b"><p>Hello <b>world</b></p><!-- c --><img src="x.png"><span href="/y">link</span></div><p class="a">tail</p></body></html>`,
		`  LOG []`,
		`TypeError: Parser error: Unexpected end of selector.`,
	}, "\n")
	gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range wl {
		if i >= len(gl) || gl[i] != wl[i] {
			g := "(none)"
			if i < len(gl) {
				g = gl[i]
			}
			t.Errorf("line %d:\n got: %s\nwant: %s", i, g, wl[i])
		}
	}
	// What the sandbox does not do is refused, saying so.
	if _, got := get(t, rt, "/w_pseudo"); got != "TypeError: HTMLRewriter: the sandbox does not support pseudo-classes such as :nth-child in selectors." {
		t.Errorf("pseudo-class: %s", got)
	}
	// Handlers run when transform() is called; a promise cannot be
	// awaited there.
	if _, got := get(t, rt, "/w_async"); got != "TypeError: HTMLRewriter: the sandbox runs handlers synchronously, and this one returned a promise." {
		t.Errorf("async handler: %s", got)
	}
}

// A document of 5000 rewritten elements is done well within the CPU
// limit: the tokens come from Go and the output is joined once.
func TestHTMLRewriterLarge(t *testing.T) {
	rt, _ := load(t, harness+`
const tests = {
  async w_large() {
    const html = "<ul>" + "<li class=\"x\">item <b>bold</b></li>".repeat(5000) + "</ul>";
    let n = 0;
    const out = await new HTMLRewriter().on("li.x", { element(e) { n++; e.setAttribute("data-i", String(n)); } }).transform(new Response(html)).text();
    return n + " " + out.length;
  },
};`, func(o *Options) { o.Limits.CPU = 10 * time.Second })
	start := time.Now()
	_, got := get(t, rt, "/w_large")
	if got != "5000 243902" {
		t.Errorf("got %q", got)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
}
