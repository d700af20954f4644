package sandbox

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
)

// Compression streams round-trip each format, start gzip and zlib output
// with their headers, and refuse what workerd refuses, with its messages.
func TestCompressionStreams(t *testing.T) {
	rt, _ := load(t, harness+`
// Response bodies are not streams in the sandbox, so the output is read
// through a reader.
const readAll = async (rs) => {
  const r = rs.getReader(), parts = [];
  for (;;) { const { done, value } = await r.read(); if (done) break; parts.push(value); }
  return new Uint8Array(await new Blob(parts).arrayBuffer());
};
const roundtrip = async (f) => {
  const compressed = await readAll(new Blob(["hello hello hello"]).stream().pipeThrough(new CompressionStream(f)));
  const back = new TextDecoder().decode(await readAll(new Blob([compressed]).stream().pipeThrough(new DecompressionStream(f))));
  // Raw deflate has no header, and its bytes depend on the compressor.
  return f + ":" + back + (f === "deflate-raw" ? "" : ":" + compressed.slice(0, 2).join(","));
};
const tests = {
  async w_roundtrip() { return [await roundtrip("gzip"), await roundtrip("deflate"), await roundtrip("deflate-raw")].join(" "); },
  async w_errors() {
    const out = [];
    try { new CompressionStream("br"); } catch (e) { out.push(e.name + ": " + e.message); }
    try { await readAll(new Blob([new Uint8Array([1, 2, 3, 4])]).stream().pipeThrough(new DecompressionStream("gzip"))); } catch (e) { out.push(e.name + ": " + e.message); }
    out.push(new CompressionStream("gzip") instanceof TransformStream);
    return out.join(" | ");
  },
};`, nil)
	// The answers of workerd 1.20260426 (through miniflare).
	check(t, rt, map[string]string{
		"w_roundtrip": "gzip:hello hello hello:31,139 deflate:hello hello hello:120,156 deflate-raw:hello hello hello",
		"w_errors":    "TypeError: The compression format must be either 'deflate', 'deflate-raw' or 'gzip'. | TypeError: Decompression failed. | true",
	})
}

// A small input that inflates past the memory limit ends the isolate
// with workerd's memory error rather than filling the heap, while the
// same bytes cut short decompress within it.
func TestDecompressionBomb(t *testing.T) {
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(make([]byte, 256<<20))
	w.Close()
	rt, _ := load(t, `
export class Obj {}
export default {
  async fetch(req) {
    const input = new Uint8Array(await req.arrayBuffer());
    const r = new Blob([input]).stream().pipeThrough(new DecompressionStream("gzip")).getReader();
    let n = 0;
    for (;;) { const { done, value } = await r.read(); if (done) break; n += value.length; }
    return new Response(String(n));
  },
};`, func(o *Options) { o.Limits.Memory = 64 << 20 })
	res, err := rt.Fetch(httptest.NewRequest("POST", "http://x/", bytes.NewReader(gz.Bytes())))
	if err == nil || !strings.Contains(err.Error(), "Worker exceeded memory limit.") {
		t.Errorf("%d compressed bytes: got %v", gz.Len(), err)
	}
	if res != nil {
		res.Body.Close()
	}
	var small bytes.Buffer
	w = gzip.NewWriter(&small)
	w.Write(make([]byte, 8<<20))
	w.Close()
	res, err = rt.Fetch(httptest.NewRequest("POST", "http://x/", bytes.NewReader(small.Bytes())))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	if string(b) != "8388608" {
		t.Errorf("8 MiB: got %q", b)
	}
}
