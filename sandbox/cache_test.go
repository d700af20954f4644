package sandbox

import (
	"testing"
	"time"
)

// caches.default keeps a response for as long as its headers allow,
// shared by the Worker and its objects, and refuses what workerd refuses.
func TestCacheAPI(t *testing.T) {
	clock := NewVirtualClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	rt, _ := load(t, harness+`
const tests = {
  async w_put() {
    const c = caches.default;
    const res = new Response("cached", { headers: { "cache-control": "max-age=60" } });
    await c.put("https://x/a", res);
    await c.put("https://x/nostore", new Response("n", { headers: { "cache-control": "no-store, max-age=60" } }));
    await c.put("https://x/plain", new Response("p"));
    const named = await caches.open("other");
    return [res.bodyUsed, await named.match("https://x/a"), await c.match("https://x/nostore"), await c.match("https://x/plain")].join(" ");
  },
  async w_match() {
    const r = await caches.default.match(new Request("https://x/a"));
    return r ? r.status + " " + (await r.text()) + " " + r.headers.get("cf-cache-status") : "miss";
  },
  async inObject() {
    const r = await caches.default.match("https://x/a");
    return r ? await r.text() : "miss";
  },
  async w_errors() {
    const out = [];
    for (const f of [
      () => caches.default.put(new Request("https://x/", { method: "POST" }), new Response("x")),
      () => caches.default.put("https://x/", new Response("x", { status: 206 })),
      () => caches.default.put("https://x/", new Response("x", { headers: { vary: "Accept, *" } })),
      () => new Cache(),
    ]) {
      try { await f(); out.push("ok"); } catch (e) { out.push(e.message); }
    }
    return out.join(" | ");
  },
  async w_policy() {
    const c = caches.default, out = [];
    const cases = { plain: {}, nostore: { "cache-control": "no-store, max-age=60" }, priv: { "cache-control": "private, max-age=60" }, nocache: { "cache-control": "no-cache, max-age=60" },
      cookie: { "cache-control": "max-age=60", "set-cookie": "a=b" }, expires: { expires: new Date(Date.now() + 60000).toUTCString() }, smax: { "cache-control": "s-maxage=60, max-age=0" }, zero: { "cache-control": "max-age=0" } };
    for (const [k, h] of Object.entries(cases)) {
      await c.put("https://x/" + k, new Response(k, { headers: h }));
      out.push(k + ":" + ((await c.match("https://x/" + k)) ? "hit" : "miss"));
    }
    return out.join(" ");
  },
  async w_delete() {
    return [await caches.default.delete("https://x/a"), await caches.default.delete("https://x/a")].join(" ");
  },
};`, func(o *Options) { o.Clock = clock })
	check(t, rt, map[string]string{"w_put": "true   "})
	check(t, rt, map[string]string{
		// What wrangler dev (miniflare 4.20260426.0) keeps.
		"w_policy": "plain:miss nostore:miss priv:miss nocache:miss cookie:miss expires:hit smax:hit zero:miss",
		"w_match":  "200 cached HIT",
		"inObject": "cached",
		"w_errors": "Cannot cache response to non-GET request. | Cannot cache response to a range request (206 Partial Content). | Cannot cache response with 'Vary: *' header. | Illegal constructor",
	})
	rt.Advance(61 * time.Second)
	check(t, rt, map[string]string{"w_match": "miss"})
	check(t, rt, map[string]string{"w_put": "true   "})
	check(t, rt, map[string]string{"w_delete": "true false"})
	check(t, rt, map[string]string{"w_match": "miss"})
}
