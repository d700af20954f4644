// Shared by every conformance worker. Each step of a scenario is one HTTP
// request (or WebSocket event); the worker answers with JSON so that the
// outputs of two runtimes can be compared value by value. Values that JSON
// cannot carry (undefined, BigInt, Date, Map, binary data, errors...) are
// written as single-key objects whose key starts with "$".

export function enc(v) {
  switch (typeof v) {
    case "undefined":
      return { $undefined: true };
    case "bigint":
      return { $bigint: v.toString() };
    case "symbol":
      return { $symbol: v.description ?? null };
    case "function":
      return { $function: true };
    case "number":
      if (Number.isNaN(v)) return { $number: "NaN" };
      if (v === Infinity) return { $number: "Infinity" };
      if (v === -Infinity) return { $number: "-Infinity" };
      if (Object.is(v, -0)) return { $number: "-0" };
      return v;
    case "string":
    case "boolean":
      return v;
  }
  if (v === null) return null;
  if (v instanceof Error || isDOMException(v)) return { $error: errInfo(v) };
  if (v instanceof Date) return { $date: Number.isNaN(v.getTime()) ? "Invalid" : v.toISOString() };
  if (v instanceof Map) return { $map: [...v].map(([k, x]) => [enc(k), enc(x)]) };
  if (v instanceof Set) return { $set: [...v].map(enc) };
  if (v instanceof ArrayBuffer) return { $arraybuffer: [...new Uint8Array(v)] };
  if (ArrayBuffer.isView(v)) {
    const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    return { $view: v.constructor.name, bytes: [...bytes] };
  }
  if (v instanceof RegExp) return { $regexp: String(v) };
  if (Array.isArray(v)) return v.map(enc);
  const proto = Object.getPrototypeOf(v);
  const out = {};
  if (proto !== Object.prototype && proto !== null) {
    out.$class = (v.constructor && v.constructor.name) || "?";
  }
  for (const k of Object.keys(v)) out[k] = enc(v[k]);
  return out;
}

function isDOMException(v) {
  return typeof DOMException !== "undefined" && v instanceof DOMException;
}

export class Point {
  constructor(x) {
    this.x = x;
  }
}

// Fixed values that a JSON argument cannot spell. Sources are fixed because
// DataCloneError messages quote them.
const fixtures = {
  fn: () => 1,
  symbol: Symbol("s"),
  point: new Point(1),
};

export function dec(v) {
  if (Array.isArray(v)) return v.map(dec);
  if (v === null || typeof v !== "object") return v;
  if ("$undefined" in v) return undefined;
  if ("$bigint" in v) return BigInt(v.$bigint);
  if ("$number" in v) return Number(v.$number);
  if ("$date" in v) return new Date(v.$date);
  if ("$map" in v) return new Map(v.$map.map(([k, x]) => [dec(k), dec(x)]));
  if ("$set" in v) return new Set(v.$set.map(dec));
  if ("$arraybuffer" in v) return new Uint8Array(v.$arraybuffer).buffer;
  if ("$view" in v) {
    const bytes = new Uint8Array(v.bytes);
    const C = globalThis[v.$view];
    return new C(bytes.buffer, 0, bytes.byteLength / C.BYTES_PER_ELEMENT);
  }
  if ("$fixture" in v) return fixtures[v.$fixture];
  if ("$repeat" in v) return v.$repeat[0].repeat(v.$repeat[1]);
  const out = {};
  for (const k of Object.keys(v)) out[k] = dec(v[k]);
  return out;
}

export function errInfo(e) {
  if (e === null || typeof e !== "object") return { thrown: enc(e) };
  const info = { name: e.name, message: e.message };
  if (isDOMException(e)) info.domException = true;
  if (e.remote !== undefined) info.remote = e.remote;
  return info;
}

// Own and inherited property names up to Object.prototype, sorted, so API
// surfaces compare independently of where a runtime defines each member.
export function members(obj) {
  const names = new Set();
  for (let o = obj; o && o !== Object.prototype && o !== Function.prototype; o = Object.getPrototypeOf(o)) {
    for (const k of Object.getOwnPropertyNames(o)) if (k !== "constructor") names.add(k);
  }
  return [...names].sort();
}

export function json(body, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

async function outcome(fn) {
  try {
    const v = await fn();
    if (v instanceof Response) return v;
    return json({ value: enc(v) });
  } catch (e) {
    return json({ error: errInfo(e) });
  }
}

async function args(request) {
  if (request.method !== "POST") return {};
  const text = await request.text();
  return text ? dec(JSON.parse(text)) : {};
}

// Durable Object side: /do/<BINDING>/<name>/<test> runs tests[test](self, args, request).
export async function serveObject(request, self, tests) {
  const url = new URL(request.url);
  const test = url.pathname.split("/").pop();
  const fn = tests[test];
  if (!fn) return json({ harness: "no such test: " + test }, 404);
  const a = await args(request);
  return outcome(() => fn(self, a, request));
}

// Worker side. /do/<BINDING>/<name>/<test> forwards to the object named
// <name>; /w/<test> runs workerTests[test](env, args, request).
export function workerFetch(workerTests = {}) {
  return async (request, env) => {
    const url = new URL(request.url);
    const parts = url.pathname.split("/");
    if (parts[1] === "do") {
      const ns = env[parts[2]];
      if (!ns) return json({ harness: "no such binding: " + parts[2] }, 404);
      const stub = ns.get(ns.idFromName(decodeURIComponent(parts[3])));
      try {
        return await stub.fetch(request);
      } catch (e) {
        return json({ fetchError: errInfo(e) });
      }
    }
    if (parts[1] === "w") {
      const fn = workerTests[parts[2]];
      if (!fn) return json({ harness: "no such worker test: " + parts[2] }, 404);
      const a = await args(request);
      return outcome(() => fn(env, a, request));
    }
    return json({ harness: "unknown route " + url.pathname }, 404);
  };
}

// Generic storage probes shared by several workers.
export const storageTests = {
  // {method, args}: calls ctx.storage[method](...args).
  async storage(self, a) {
    return self.ctx.storage[a.method](...(a.args || []));
  },
  // {method, args}: calls ctx.storage.kv[method](...args); iterators are spread.
  kv(self, a) {
    const r = self.ctx.storage.kv[a.method](...(a.args || []));
    if (r && typeof r === "object" && typeof r.next === "function" && !(r instanceof Map)) return [...r];
    return r;
  },
  // {q, b, mode}: runs sql.exec(q, ...b) and reads the cursor per mode,
  // reporting the counters before and after reading.
  sql(self, a) {
    const c = self.ctx.storage.sql.exec(a.q, ...(a.b || []));
    const before = { columnNames: c.columnNames, rowsRead: c.rowsRead, rowsWritten: c.rowsWritten };
    let result;
    switch (a.mode || "toArray") {
      case "toArray":
        result = c.toArray();
        break;
      case "one":
        result = c.one();
        break;
      case "raw":
        result = [...c.raw()];
        break;
      case "rawToArray":
        result = c.raw().toArray();
        break;
      case "iterate":
        result = [];
        for (const row of c) result.push(row);
        break;
      case "next":
        result = [];
        for (let i = 0; i < (a.n || 1); i++) result.push(c.next());
        break;
      case "nextThenToArray":
        result = { first: c.next(), rest: c.toArray(), again: c.toArray() };
        break;
      case "none":
        result = null;
        break;
    }
    return { result, before, after: { rowsRead: c.rowsRead, rowsWritten: c.rowsWritten } };
  },
  // Every row of a read-only query, for checking state after other steps.
  rows(self, a) {
    return self.ctx.storage.sql.exec(a.q, ...(a.b || [])).toArray();
  },
};
