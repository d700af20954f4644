async function streamsScript() {
  const log = [];
  const collect = async (rs) => {
    const out = [];
    const it = rs[Symbol.asyncIterator]();
    for (;;) {
      const r = await it.next();
      if (r.done) return out;
      out.push(r.value);
    }
  };
  // 1. start enqueues, reads in order, then done.
  {
    const rs = new ReadableStream({ start(c) { c.enqueue("a"); c.enqueue("b"); c.close(); } });
    const r = rs.getReader();
    const a = await r.read(), b = await r.read(), end = await r.read();
    log.push(`1 ${a.value}${b.value} ${end.done} ${rs.locked}`);
    let threw = "";
    try { rs.getReader(); } catch (e) { threw = e.constructor.name; }
    r.releaseLock();
    log.push(`1b ${threw} ${rs.locked}`);
  }
  // 2. pull fills the queue up to the high-water mark.
  {
    let pulls = 0, n = 0;
    const rs = new ReadableStream({ pull(c) { pulls++; c.enqueue(n++); if (n === 5) c.close(); } }, { highWaterMark: 2 });
    await new Promise((r) => setTimeout(r, 5));
    const before = pulls;
    const all = await collect(rs);
    log.push(`2 ${before} ${all.join(",")} ${pulls}`);
  }
  // 3. pipeThrough a transform with flush, into an array.
  {
    const upper = new TransformStream({
      transform(chunk, c) { c.enqueue(String(chunk).toUpperCase()); },
      flush(c) { c.enqueue("!"); },
    });
    const out = await collect(ReadableStream.from(["x", "y"]).pipeThrough(upper));
    log.push(`3 ${out.join("")}`);
  }
  // 4. pipeTo a WritableStream; close reaches the sink.
  {
    const got = [];
    const ws = new WritableStream({ write(c) { got.push(c); }, close() { got.push("closed"); } });
    await ReadableStream.from([1, 2, 3]).pipeTo(ws);
    log.push(`4 ${got.join(",")}`);
  }
  // 5. a source error aborts the destination and rejects the pipe.
  {
    let aborted = "";
    const ws = new WritableStream({ abort(r) { aborted = r.message; } });
    const rs = new ReadableStream({ start(c) { c.enqueue(1); c.error(new Error("boom")); } });
    let err = "";
    try { await rs.pipeTo(ws); } catch (e) { err = e.message; }
    log.push(`5 ${err} ${aborted}`);
  }
  // 6. tee gives both branches every chunk.
  {
    const [a, b] = ReadableStream.from(["p", "q"]).tee();
    const [x, y] = await Promise.all([collect(a), collect(b)]);
    log.push(`6 ${x.join("")} ${y.join("")}`);
  }
  // 7. a writer's desiredSize and ready follow the queue.
  {
    let release;
    const gate = new Promise((r) => { release = r; });
    const seen = [];
    const ws = new WritableStream({ async write(c) { seen.push(c); await gate; } }, { highWaterMark: 2 });
    const w = ws.getWriter();
    await w.ready;
    const sizes = [w.desiredSize];
    const p1 = w.write("a"); sizes.push(w.desiredSize);
    const p2 = w.write("b"); sizes.push(w.desiredSize);
    const p3 = w.write("c"); sizes.push(w.desiredSize);
    let readyEarly = false;
    w.ready.then(() => { readyEarly = true; });
    await new Promise((r) => setTimeout(r, 5));
    const mid = readyEarly;
    release();
    await Promise.all([p1, p2, p3]);
    await w.close();
    log.push(`7 ${sizes.join(",")} ${mid} ${seen.join("")} ${w.desiredSize}`);
  }
  // 8. text streams keep a character split across chunks whole.
  {
    const bytes = new TextEncoder().encode("héllo €");
    const chunks = [bytes.slice(0, 2), bytes.slice(2, 7), bytes.slice(7)];
    const out = await collect(ReadableStream.from(chunks).pipeThrough(new TextDecoderStream()));
    const enc = await collect(ReadableStream.from(["ab", "c"]).pipeThrough(new TextEncoderStream()));
    log.push(`8 ${out.join("|")} ${enc.map((u) => u.length).join(",")} ${enc[0] instanceof Uint8Array}`);
  }
  // 9. cancel reaches the source with its reason and ends reads.
  {
    let reason = "";
    const rs = new ReadableStream({ pull(c) { c.enqueue(0); }, cancel(r) { reason = r; } });
    const r = rs.getReader();
    await r.read();
    await r.cancel("enough");
    const after = await r.read();
    log.push(`9 ${reason} ${after.done}`);
  }
  // 10. a subclass of TransformStream, as parsers are written.
  {
    class Lines extends TransformStream {
      constructor() {
        let buf = "";
        super({
          transform(chunk, c) { buf += chunk; const parts = buf.split("\n"); buf = parts.pop(); for (const p of parts) c.enqueue(p); },
          flush(c) { if (buf) c.enqueue(buf); },
        });
      }
    }
    const out = await collect(ReadableStream.from(["a\nb", "c\n", "d"]).pipeThrough(new Lines()));
    log.push(`10 ${out.join(",")} ${new Lines() instanceof TransformStream}`);
  }
  // 11. an error thrown by transform errors both sides.
  {
    const t = new TransformStream({ transform() { throw new Error("bad chunk"); } });
    const w = t.writable.getWriter();
    const r = t.readable.getReader();
    const wr = w.write("x").then(() => "ok", (e) => e.message);
    const rd = r.read().then(() => "ok", (e) => e.message);
    log.push(`11 ${await wr} ${await rd}`);
  }
  // 12. a writer's abort rejects pending writes and reaches the sink.
  {
    let sinkReason = "";
    const ws = new WritableStream({ write() { return new Promise(() => {}); }, abort(r) { sinkReason = r; } });
    const w = ws.getWriter();
    const first = w.write(1).then(() => "ok", () => "rejected");
    const second = w.write(2).then(() => "ok", (e) => e);
    await w.abort("stop");
    log.push(`12 ${await second} ${sinkReason}`);
    void first;
  }
  // 13. the controller's desiredSize for a counting strategy.
  {
    let ctl;
    const rs = new ReadableStream({ start(c) { ctl = c; } }, new CountQueuingStrategy({ highWaterMark: 3 }));
    const d0 = ctl.desiredSize;
    ctl.enqueue("a");
    ctl.enqueue("b");
    const d2 = ctl.desiredSize;
    ctl.close();
    let threw = "";
    try { ctl.enqueue("c"); } catch (e) { threw = e.constructor.name; }
    log.push(`13 ${d0} ${d2} ${threw} ${(await collect(rs)).join("")}`);
  }
  return log.join("\n");
}
