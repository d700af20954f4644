package sandbox

import "testing"

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
