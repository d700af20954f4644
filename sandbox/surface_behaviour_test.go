package sandbox

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

// The members added for the workers-types surface behave as workerd's do.
func TestSurfaceMembers(t *testing.T) {
	rt, _ := load(t, harness+`
const tests = {
  async w_readyState() {
    const [a, b] = Object.values(new WebSocketPair());
    a.accept();
    return [WebSocket.READY_STATE_CONNECTING, WebSocket.READY_STATE_OPEN, WebSocket.READY_STATE_CLOSING, WebSocket.READY_STATE_CLOSED,
      a.readyState === WebSocket.READY_STATE_OPEN, a.binaryType, a.bufferedAmount].join(" ");
  },
  async w_events() {
    const t = new EventTarget(), seen = [];
    t.addEventListener("x", () => seen.push("once"), { once: true });
    t.addEventListener("x", (e) => { seen.push("stop"); e.stopImmediatePropagation(); });
    t.addEventListener("x", () => seen.push("never"));
    const e = new Event("x", { cancelable: true });
    e.preventDefault();
    const r1 = t.dispatchEvent(e);
    t.dispatchEvent(new Event("x"));
    return [seen.join(","), r1, e.defaultPrevented, e.target === t, String(e.currentTarget), e.eventPhase,
      new CustomEvent("c", { detail: 7 }).detail, new MessageEvent("message", { data: "d" }).data,
      new CloseEvent("close", { code: 1000, reason: "r", wasClean: true }).code, JSON.stringify(new MessageEvent("m", { data: 2 }).ports),
      new ErrorEvent("error").lineno, String(new Event("x", { data: 1 }).data), (() => { try { new MessageEvent("m"); } catch (e) { return e.message; } })()].join(" ");
  },
  async w_abort() {
    const s = AbortSignal.timeout(5);
    await scheduler.wait(20);
    const c = new AbortController();
    const any = AbortSignal.any([c.signal, new AbortController().signal]);
    c.abort("why");
    return [s.aborted, s.reason.name, any.aborted, any.reason, new DOMException("m", "AbortError").code, new DOMException("m").code].join(" ");
  },
  async w_text() {
    const dest = new Uint8Array(4);
    const r = new TextEncoder().encodeInto("aé€", dest);
    const d = new TextDecoder("utf-8", { fatal: true });
    return [r.read, r.written, Array.from(dest).join(","), d.fatal, d.ignoreBOM].join(" ");
  },
  async w_blob() {
    const b = new Blob(["ab", new Uint8Array([99])], { type: "Text/Plain" });
    const f = new File(["x"], "f.txt", { lastModified: 5 });
    const fromBody = await new Response("body", { headers: { "content-type": "text/x" } }).blob();
    return [b.size, b.type, await b.text(), await b.slice(1).text(), f.name, f.lastModified, f instanceof Blob,
      fromBody.type, await fromBody.text()].join(" ");
  },
  async w_misc() {
    const eq = crypto.subtle.timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]));
    const ne = crypto.subtle.timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]));
    let len;
    try { crypto.subtle.timingSafeEqual(new Uint8Array(1), new Uint8Array(2)); } catch (e) { len = e.name; }
    return [eq, ne, len, crypto instanceof Crypto, crypto.subtle instanceof SubtleCrypto, String(URL.parse("nope")), URL.parse("/a", "https://x.dev").href,
      self === globalThis, navigator.userAgent, typeof performance.now(), new Request("https://x/").keepalive, new Response("").cf,
      (() => { try { URL.createObjectURL(new Blob([])); } catch (e) { return e.message; } })()].join(" ");
  },
};`, nil)
	check(t, rt, map[string]string{
		"w_readyState": "0 1 2 3 true arraybuffer 0",
		"w_events":     "once,stop,stop false true true null 0 7 d 1000 [] 0 undefined Failed to construct 'MessageEvent': constructor parameter 2 is not of type 'Initializer'.",
		"w_abort":      "true TimeoutError true why 20 0",
		"w_text":       "2 3 97,195,169,0 true false",
		"w_blob":       "3 text/plain abc bc f.txt 5 true text/x body",
		"w_misc":       "true false TypeError true true null https://x.dev/a true Cloudflare-Workers number false  URL.createObjectURL() is not implemented",
	})
}

// FormData round-trips through a multipart body and parses urlencoded
// ones; a body of another type is refused with workerd's message.
func TestFormData(t *testing.T) {
	rt, _ := load(t, harness+`
const tests = {
  async w_multipart() {
    const fd = new FormData();
    fd.append("a", "1");
    fd.append("a", "line\nbreak");
    fd.append("file", new Blob([new Uint8Array([0, 255, 10, 13])], { type: "application/x-bin" }), "b.bin");
    fd.set("s", "x");
    const req = new Request("https://x/", { method: "POST", body: fd });
    const ct = req.headers.get("content-type");
    const back = await req.formData();
    const f = back.get("file");
    return [ct.startsWith("multipart/form-data; boundary="), back.getAll("a").join("|"), back.get("s"), f.name, f.type,
      Array.from(new Uint8Array(await f.arrayBuffer())).join(","), back.has("nope"), [...back.keys()].join(",")].join(" ");
  },
  async w_urlencoded() {
    const fd = await new Response("a=1&b=x+y&a=2", { headers: { "content-type": "application/x-www-form-urlencoded" } }).formData();
    return fd.getAll("a").join(",") + " " + fd.get("b");
  },
  async w_wrongType() {
    try { await new Response("x").formData(); return "parsed"; } catch (e) { return e.name + ": " + e.message; }
  },
};`, nil)
	check(t, rt, map[string]string{
		"w_multipart":  "true 1|line\nbreak x b.bin application/x-bin 0,255,10,13 false a,a,file,s",
		"w_urlencoded": "1,2 x y",
		"w_wrongType":  "TypeError: Unrecognized Content-Type header value. FormData can only parse the following MIME types: multipart/form-data, application/x-www-form-urlencoded",
	})
}

// HMAC keys sign as Go's crypto/hmac does, verify, import and export as
// JWK, and keep their usages; the JWK and the key's keys are in workerd's
// order.
func TestHMACKeys(t *testing.T) {
	mac := hmac.New(sha256.New, []byte("secret"))
	mac.Write([]byte("payload"))
	want := hex.EncodeToString(mac.Sum(nil))
	rt, _ := load(t, harness+`
const enc = new TextEncoder();
const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, "0")).join("");
const tests = {
  async w_sign() {
    const key = await crypto.subtle.importKey("raw", enc.encode("secret"), { name: "HMAC", hash: "SHA-256" }, true, ["sign", "verify"]);
    const sig = await crypto.subtle.sign("HMAC", key, enc.encode("payload"));
    const ok = await crypto.subtle.verify("HMAC", key, sig, enc.encode("payload"));
    const bad = await crypto.subtle.verify({ name: "HMAC" }, key, sig, enc.encode("payloaD"));
    const jwk = await crypto.subtle.exportKey("jwk", key);
    const again = await crypto.subtle.importKey("jwk", jwk, { name: "HMAC", hash: { name: "SHA-256" } }, false, ["sign"]);
    const sig2 = await crypto.subtle.sign("HMAC", again, enc.encode("payload"));
    let usage, exported;
    try { await crypto.subtle.verify("HMAC", again, sig2, enc.encode("payload")); } catch (e) { usage = e.name; }
    try { await crypto.subtle.exportKey("raw", again); } catch (e) { exported = e.name; }
    return [hex(sig), ok, bad, JSON.stringify(jwk), Object.keys(key).join(","), hex(sig2) === hex(sig), usage, exported, key instanceof CryptoKey, key.algorithm.length].join(" ");
  },
  async w_digestStream() {
    const ds = new crypto.DigestStream("SHA-256");
    const w = ds.getWriter();
    await w.write(enc.encode("pay"));
    await w.write(enc.encode("load"));
    await w.close();
    let unknown;
    try { new crypto.DigestStream("MD4"); } catch (e) { unknown = e.name; }
    return hex(await ds.digest) + " " + (ds instanceof WritableStream) + " " + unknown + " " + typeof ds.bytesWritten + " " + ds.bytesWritten;
  },
  async w_generate() {
    const k = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-512" }, true, ["sign"]);
    return (await crypto.subtle.exportKey("raw", k)).byteLength + " " + k.type;
  },
  async w_unsupported() {
    try { await crypto.subtle.importKey("raw", new Uint8Array(16), "RSA-OAEP", false, ["encrypt"]); return "imported"; } catch (e) { return e.name; }
  },
};`, nil)
	check(t, rt, map[string]string{
		"w_sign": want + ` true false {"kty":"oct","key_ops":["sign","verify"],"alg":"HS256","ext":true,"k":"c2VjcmV0"}` +
			" usages,algorithm,extractable,type true InvalidAccessError InvalidAccessError true 48",
		"w_generate":     "128 secret",
		"w_digestStream": sha256hex("payload") + " true NotSupportedError bigint 7",
		"w_unsupported":  "NotSupportedError",
	})
}

func sha256hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// AES-GCM and PBKDF2 keys give workerd 1.20260426's answers (through
// miniflare): the same ciphertext and derived bits, and the same errors.
func TestAESAndPBKDF2Keys(t *testing.T) {
	rt, _ := load(t, harness+`
const enc = new TextEncoder();
const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, "0")).join("");
const T = async (f) => { try { return String(await f()); } catch (e) { return e.name + ": " + e.message; } };
const tests = {
  async w_keys() {
    const out = [];
    const key = await crypto.subtle.importKey("raw", new Uint8Array(16).fill(7), "AES-GCM", true, ["encrypt", "decrypt"]);
    const iv = new Uint8Array(12).fill(1);
    const ct = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: enc.encode("aad") }, key, enc.encode("secret"));
    out.push(hex(ct));
    out.push(new TextDecoder().decode(await crypto.subtle.decrypt({ name: "AES-GCM", iv, additionalData: enc.encode("aad") }, key, ct)));
    out.push(await T(() => crypto.subtle.decrypt({ name: "AES-GCM", iv }, key, ct)));
    out.push(JSON.stringify(key.algorithm), JSON.stringify(await crypto.subtle.exportKey("jwk", key)));
    out.push(await T(() => crypto.subtle.importKey("raw", new Uint8Array(10), "AES-GCM", false, ["encrypt"])));
    out.push(await T(() => crypto.subtle.importKey("raw", new Uint8Array(16), "AES-GCM", false, ["sign"])));
    out.push(await T(() => crypto.subtle.generateKey({ name: "AES-GCM", length: 100 }, false, ["encrypt"])));
    const g = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt"]);
    out.push((await crypto.subtle.exportKey("raw", g)).byteLength);
    const pw = await crypto.subtle.importKey("raw", enc.encode("password"), "PBKDF2", false, ["deriveBits", "deriveKey"]);
    out.push(hex(await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: enc.encode("salt"), iterations: 1000 }, pw, 256)));
    const dk = await crypto.subtle.deriveKey({ name: "PBKDF2", hash: "SHA-256", salt: enc.encode("salt"), iterations: 1000 }, pw, { name: "AES-GCM", length: 128 }, true, ["encrypt"]);
    out.push(hex(await crypto.subtle.exportKey("raw", dk)), JSON.stringify(dk.algorithm));
    out.push(await T(() => crypto.subtle.importKey("raw", enc.encode("p"), "PBKDF2", true, ["deriveBits"])));
    out.push(await T(() => crypto.subtle.encrypt({ name: "AES-GCM", iv }, pw, enc.encode("x"))));
    out.push(await T(() => crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: enc.encode("salt"), iterations: 0 }, pw, 256)));
    return out.join("\n");
  },
};`, nil)
	want := strings.Join([]string{
		"d267af9aefc0e1318d6a1206871f352e1483891fcb05",
		"secret",
		"OperationError: Decryption failed. This could be due to a ciphertext authentication failure, bad padding, incorrect CryptoKey, or another algorithm-specific reason. Input length was 6, output length expected to be 6 for AES-GCM",
		`{"name":"AES-GCM","length":128}`,
		`{"kty":"oct","key_ops":["encrypt","decrypt"],"alg":"A128GCM","ext":true,"k":"BwcHBwcHBwcHBwcHBwcHBw"}`,
		"DataError: Imported AES key length must be 128, 192, or 256 bits but provided 80.",
		`SyntaxError: Attempt to import secret AES-GCM key with invalid usage "sign".`,
		"OperationError: Generated AES key length must be 128, 192, or 256 bits but requested 100.",
		"32",
		"632c2812e46d4604102ba7618e9d6d7d2f8128f6266b4a03264d2a0460b7dcb3",
		"632c2812e46d4604102ba7618e9d6d7d",
		`{"name":"AES-GCM","length":128}`,
		"SyntaxError: PBKDF2 key cannot be extractable.",
		`InvalidAccessError: Requested algorithm "AES-GCM" does not match this CryptoKey's algorithm "PBKDF2".`,
		"OperationError: PBKDF2 requires a positive iteration count (requested 0).",
	}, "\n")
	_, got := get(t, rt, "/w_keys")
	gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range wl {
		if i >= len(gl) || gl[i] != wl[i] {
			g := ""
			if i < len(gl) {
				g = gl[i]
			}
			t.Errorf("answer %d:\n got: %s\nwant: %s", i, g, wl[i])
		}
	}
}
