// Web platform APIs for the sandbox, built on the natives in `host`.
(function (global, host) {
  "use strict";
  const def = (name, value) => Object.defineProperty(global, name, { value, writable: true, configurable: true, enumerable: false });
  // Whether a change workerd gates by compatibility date or flag is on.
  const compatOn = (flag) => host.compat[flag] !== false;

  // The legacy codes of the names that have one (WebIDL's table).
  const domCodes = {
    IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5,
    NoModificationAllowedError: 7, NotFoundError: 8, NotSupportedError: 9, InvalidStateError: 11, SyntaxError: 12,
    InvalidModificationError: 13, NamespaceError: 14, InvalidAccessError: 15, TypeMismatchError: 17,
    SecurityError: 18, NetworkError: 19, AbortError: 20, URLMismatchError: 21, QuotaExceededError: 22,
    TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25,
  };
  class DOMException extends Error {
    constructor(message = "", name = "Error") {
      super(message);
      Object.defineProperty(this, "name", { value: name, writable: true, configurable: true, enumerable: false });
    }
    get code() { return domCodes[this.name] || 0; }
  }
  def("DOMException", DOMException);

  // Inspect values for console output, close to what workerd prints.
  function inspect(v, depth, seen) {
    if (typeof v === "string") return depth === 0 ? v : JSON.stringify(v);
    if (typeof v === "bigint") return v + "n";
    if (typeof v === "symbol") return v.toString();
    if (typeof v === "function") return v.name ? `[Function: ${v.name}]` : "[Function (anonymous)]";
    if (v === null || typeof v !== "object") return String(v);
    if (v instanceof Error) return v.stack && depth === 0 ? String(v.stack) : `${v.name}: ${v.message}`;
    if (seen.includes(v)) return "[Circular]";
    if (depth > 3) return "[Object]";
    seen = seen.concat([v]);
    const sub = (x) => inspect(x, depth + 1, seen);
    if (v instanceof Date) return v.toISOString();
    if (v instanceof Map) return `Map(${v.size}) {${[...v].map(([k, x]) => ` ${sub(k)} => ${sub(x)}`).join(",")}${v.size ? " " : ""}}`;
    if (v instanceof Set) return `Set(${v.size}) {${[...v].map((x) => ` ${sub(x)}`).join(",")}${v.size ? " " : ""}}`;
    if (Array.isArray(v)) return `[${v.length ? " " + v.map(sub).join(", ") + " " : ""}]`;
    if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${v.length}) [${v.length ? " " + Array.from(v).join(", ") + " " : ""}]`;
    const keys = Object.keys(v);
    const name = v.constructor && v.constructor !== Object && v.constructor.name ? v.constructor.name + " " : "";
    return `${name}{${keys.length ? " " + keys.map((k) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${sub(v[k])}`).join(", ") + " " : ""}}`;
  }
  const fmt = (args) => args.map((a) => inspect(a, 0, [])).join(" ");
  const console = {};
  for (const level of ["log", "info", "warn", "error", "debug", "trace"]) {
    console[level] = (...args) => host.log(level, fmt(args));
  }
  def("console", console);
  def("__inspect", (v) => inspect(v, 0, []));

  def("setTimeout", (fn, ms, ...args) => host.setTimer(() => fn(...args), Number(ms) || 0, false));
  def("setInterval", (fn, ms, ...args) => host.setTimer(() => fn(...args), Number(ms) || 0, true));
  def("clearTimeout", (id) => host.clearTimer(Number(id)));
  def("clearInterval", (id) => host.clearTimer(Number(id)));
  def("queueMicrotask", (fn) => { Promise.resolve().then(() => fn()); });
  def("structuredClone", (v) => host.structuredClone(v));
  def("atob", (s) => host.atob(String(s)));
  def("btoa", (s) => host.btoa(String(s)));

  const toBytes = (data) => {
    if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    throw new TypeError("The provided value is not of type '(ArrayBuffer or ArrayBufferView)'.");
  };
  class TextEncoder {
    get encoding() { return "utf-8"; }
    encode(s = "") { return new Uint8Array(host.utf8Encode(String(s))); }
    // encodeInto writes whole characters only, as many as fit.
    encodeInto(s, dest) {
      if (!(dest instanceof Uint8Array)) throw new TypeError("Failed to execute 'encodeInto' on 'TextEncoder': parameter 2 is not of type 'Uint8Array'.");
      s = String(s);
      let read = 0, written = 0;
      for (const ch of s) {
        const b = this.encode(ch);
        if (written + b.length > dest.length) break;
        dest.set(b, written);
        written += b.length;
        read += ch.length;
      }
      return { read, written };
    }
  }
  const decoderOpts = new WeakMap();
  class TextDecoder {
    constructor(label = "utf-8", options = {}) {
      label = String(label).toLowerCase();
      if (label !== "utf-8" && label !== "utf8") throw new RangeError(`Unsupported encoding: ${label}`);
      decoderOpts.set(this, { fatal: !!(options && options.fatal), ignoreBOM: !!(options && options.ignoreBOM) });
    }
    get encoding() { return "utf-8"; }
    get fatal() { return decoderOpts.get(this).fatal; }
    get ignoreBOM() { return decoderOpts.get(this).ignoreBOM; }
    decode(data) { return data === undefined ? "" : host.utf8Decode(toBytes(data).buffer); }
  }
  def("TextEncoder", TextEncoder);
  def("TextDecoder", TextDecoder);

  // Blob keeps its bytes whole, as bodies do.
  const blobBytes = new WeakMap();
  class Blob {
    constructor(parts = [], options = {}) {
      const chunks = [];
      let n = 0;
      for (const p of parts) {
        const b = p instanceof Blob ? blobBytes.get(p) : (p instanceof ArrayBuffer || ArrayBuffer.isView(p)) ? toBytes(p) : new TextEncoder().encode(String(p));
        chunks.push(b);
        n += b.length;
      }
      const all = new Uint8Array(n);
      let at = 0;
      for (const c of chunks) { all.set(c, at); at += c.length; }
      blobBytes.set(this, all);
      const type = options && options.type !== undefined ? String(options.type) : "";
      Object.defineProperty(this, "_type", { value: /^[\x20-\x7e]*$/.test(type) ? type.toLowerCase() : "" });
    }
    get size() { return blobBytes.get(this).length; }
    get type() { return this._type; }
    get _bytes() { return blobBytes.get(this); }
    slice(start = 0, end = this.size, type = "") {
      return new Blob([blobBytes.get(this).slice(start, end)], { type });
    }
    async arrayBuffer() { const b = blobBytes.get(this); return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength); }
    async bytes() { return blobBytes.get(this).slice(); }
    async text() { return new TextDecoder().decode(blobBytes.get(this)); }
  }
  class File extends Blob {
    constructor(parts, name, options = {}) {
      super(parts, options);
      Object.defineProperty(this, "_name", { value: String(name) });
      Object.defineProperty(this, "_lastModified", { value: options && options.lastModified !== undefined ? Number(options.lastModified) : Date.now() });
    }
    get name() { return this._name; }
    get lastModified() { return this._lastModified; }
  }
  def("Blob", Blob);
  def("File", File);

  // FormData entries are [name, string or File].
  const formEntry = (value, filename) => {
    if (value instanceof Blob) {
      const name = filename !== undefined ? String(filename) : value instanceof File ? value.name : "blob";
      return value instanceof File && filename === undefined ? value : new File([value], name, { type: value.type });
    }
    return String(value);
  };
  const formLists = new WeakMap();
  class FormData {
    constructor(form) {
      if (form !== undefined) throw new TypeError("Failed to construct 'FormData': parameter 1 is not of type 'HTMLFormElement'.");
      formLists.set(this, []);
    }
    append(name, value, filename) { formLists.get(this).push([String(name), formEntry(value, filename)]); }
    delete(name) { name = String(name); formLists.set(this, formLists.get(this).filter((e) => e[0] !== name)); }
    get(name) { name = String(name); const e = formLists.get(this).find((e) => e[0] === name); return e ? e[1] : null; }
    getAll(name) { name = String(name); return formLists.get(this).filter((e) => e[0] === name).map((e) => e[1]); }
    has(name) { name = String(name); return formLists.get(this).some((e) => e[0] === name); }
    set(name, value, filename) {
      name = String(name);
      const l = formLists.get(this), v = formEntry(value, filename);
      const i = l.findIndex((e) => e[0] === name);
      if (i < 0) l.push([name, v]);
      else formLists.set(this, l.filter((e, j) => j <= i || e[0] !== name).map((e, j) => (j === i ? [name, v] : e)));
    }
    forEach(fn, self) { for (const [k, v] of formLists.get(this).slice()) fn.call(self, v, k, this); }
    entries() { return formLists.get(this).map((e) => e.slice())[Symbol.iterator](); }
    keys() { return formLists.get(this).map((e) => e[0])[Symbol.iterator](); }
    values() { return formLists.get(this).map((e) => e[1])[Symbol.iterator](); }
    [Symbol.iterator]() { return this.entries(); }
  }
  def("FormData", FormData);

  // Multipart bodies are handled as byte strings (one char per byte), so
  // that files keep their bytes.
  const byteString = (b) => { let s = ""; for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode.apply(null, b.subarray(i, i + 8192)); return s; };
  const stringBytes = (s) => { const b = new Uint8Array(s.length); for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i); return b; };
  const formError = () => new TypeError("Unrecognized Content-Type header value. FormData can only parse the following MIME types: multipart/form-data, application/x-www-form-urlencoded");
  function parseForm(bytes, contentType) {
    const fd = new FormData();
    const ct = String(contentType || "");
    const essence = ct.split(";")[0].trim().toLowerCase();
    if (essence === "application/x-www-form-urlencoded") {
      for (const [k, v] of new URLSearchParams(new TextDecoder().decode(bytes))) fd.append(k, v);
      return fd;
    }
    if (essence !== "multipart/form-data") throw formError();
    const m = /;\s*boundary=("([^"]*)"|[^;]*)/i.exec(ct);
    if (!m) throw new TypeError("No boundary string in Content-Type header. The multipart/form-data MIME type requires a boundary parameter.");
    const delim = "--" + (m[2] !== undefined ? m[2] : m[1].trim());
    const raw = byteString(bytes);
    const parts = raw.split(delim);
    for (let i = 1; i < parts.length; i++) {
      let part = parts[i];
      if (part.startsWith("--")) break;
      part = part.replace(/^\r?\n/, "").replace(/\r?\n$/, "");
      const cut = part.search(/\r?\n\r?\n/);
      if (cut < 0) throw new TypeError("Failed to parse the body as multipart/form-data: a part has no header block.");
      const head = part.slice(0, cut), body = part.slice(cut).replace(/^\r?\n\r?\n/, "");
      const disp = /content-disposition:\s*form-data([^\r\n]*)/i.exec(head);
      if (!disp) throw new TypeError("Failed to parse the body as multipart/form-data: a part has no Content-Disposition: form-data header.");
      const param = (name) => { const r = new RegExp(";\\s*" + name + '="([^"]*)"', "i").exec(disp[1]); return r ? new TextDecoder().decode(stringBytes(r[1])) : undefined; };
      const name = param("name"), filename = param("filename");
      if (name === undefined) continue;
      if (filename === undefined) fd.append(name, new TextDecoder().decode(stringBytes(body)));
      else {
        const t = /content-type:\s*([^\r\n]*)/i.exec(head);
        fd.append(name, new File([stringBytes(body)], filename, { type: t ? t[1].trim() : "" }));
      }
    }
    return fd;
  }
  function serializeForm(fd, headers) {
    const boundary = "----formdata-sandbox-" + Math.random().toString(16).slice(2);
    const esc = (s) => s.replace(/\r\n|\r|\n/g, "\r\n").replace(/"/g, "%22").replace(/\r\n/g, "%0D%0A");
    const chunks = [];
    for (const [name, v] of fd) {
      let head = `--${boundary}\r\nContent-Disposition: form-data; name="${esc(name)}"`;
      if (typeof v === "string") {
        chunks.push(encoder.encode(head + "\r\n\r\n" + v + "\r\n"));
      } else {
        head += `; filename="${esc(v.name)}"\r\nContent-Type: ${v.type || "application/octet-stream"}\r\n\r\n`;
        chunks.push(encoder.encode(head), v._bytes, encoder.encode("\r\n"));
      }
    }
    chunks.push(encoder.encode(`--${boundary}--\r\n`));
    if (!headers.has("content-type")) headers.set("content-type", "multipart/form-data; boundary=" + boundary);
    return new Blob(chunks)._bytes;
  }

  const illegal = () => { throw new TypeError("Illegal constructor"); };
  let making = false;
  const make = (C) => { making = true; try { return new C(); } finally { making = false; } };
  class SubtleCrypto {
    constructor() { if (!making) illegal(); }
    digest(alg, data) {
      const name = typeof alg === "string" ? alg : alg && alg.name;
      try {
        return Promise.resolve(host.digest(String(name).toUpperCase(), toBytes(data).buffer));
      } catch (e) {
        return Promise.reject(e);
      }
    }
    // timingSafeEqual is workerd's own: equal lengths are required.
    timingSafeEqual(a, b) {
      a = toBytes(a); b = toBytes(b);
      if (a.byteLength !== b.byteLength) throw new TypeError("Input buffers must have the same byte length.");
      let d = 0;
      for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
      return d === 0;
    }
  }
  const subtle = make(SubtleCrypto);

  // Keys: HMAC (JWTs, webhook signatures), AES-GCM (sealed cookies and
  // tokens) and PBKDF2 (passwords), each described by keyAlgs.
  const keyBytes = new WeakMap();
  class CryptoKey {
    constructor() { if (!making) illegal(); }
  }
  def("CryptoKey", CryptoKey);
  const algName = (a) => String(typeof a === "string" ? a : a && a.name);
  const normAlg = (a) => algName(a).toUpperCase();
  const notSupported = (what) => new DOMException(`${what}: the sandbox implements HMAC, AES-GCM and PBKDF2 keys only.`, "NotSupportedError");
  const hashOf = (a) => { const h = algName(a).toUpperCase(); if (!["SHA-1", "SHA-256", "SHA-384", "SHA-512"].includes(h)) throw new DOMException("Unrecognized name.", "NotSupportedError"); return h; };
  const keyAlgs = {
    HMAC: {
      usages: ["sign", "verify"],
      describe: (alg, bytes) => ({ name: "HMAC", hash: Object.freeze({ name: hashOf(alg.hash) }), length: bytes.length * 8 }),
      generateBits: (alg) => (alg.length !== undefined ? Number(alg.length) : hashOf(alg.hash) === "SHA-384" || hashOf(alg.hash) === "SHA-512" ? 1024 : 512),
      jwkAlg: (k) => "HS" + k.algorithm.hash.name.slice(4),
    },
    "AES-GCM": {
      usages: ["encrypt", "decrypt", "wrapKey", "unwrapKey"],
      describe: (alg, bytes) => {
        if (![16, 24, 32].includes(bytes.length)) throw new DOMException(`Imported AES key length must be 128, 192, or 256 bits but provided ${bytes.length * 8}.`, "DataError");
        return { name: "AES-GCM", length: bytes.length * 8 };
      },
      generateBits: (alg) => {
        const n = Number(alg.length);
        if (![128, 192, 256].includes(n)) throw new DOMException(`Generated AES key length must be 128, 192, or 256 bits but requested ${alg.length}.`, "OperationError");
        return n;
      },
      jwkAlg: (k) => `A${k.algorithm.length}GCM`,
    },
    PBKDF2: {
      usages: ["deriveBits", "deriveKey"],
      describe: () => ({ name: "PBKDF2" }),
      raw: true,
    },
  };
  function makeKey(name, alg, bytes, extractable, usages, verb = "import") {
    const spec = keyAlgs[name];
    const algorithm = spec.describe(alg, bytes);
    for (const u of usages) if (!spec.usages.includes(u)) throw new DOMException(`Attempt to ${verb} secret ${name} key with invalid usage "${u}".`, "SyntaxError");
    if (spec.raw && extractable) throw new DOMException(`${name} key cannot be extractable.`, "SyntaxError");
    const k = make(CryptoKey);
    Object.defineProperties(k, {
      usages: { value: Object.freeze(Array.from(usages, String)), enumerable: true },
      algorithm: { value: Object.freeze(algorithm), enumerable: true },
      extractable: { value: !!extractable, enumerable: true },
      type: { value: "secret", enumerable: true },
    });
    keyBytes.set(k, bytes);
    return k;
  }
  const b64url = (s) => atob(String(s).replace(/-/g, "+").replace(/_/g, "/"));
  const toB64url = (b) => btoa(String.fromCharCode(...b)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  // useKey checks that key may do usage with the algorithm alg names and
  // returns its bytes.
  function useKey(key, usage, alg) {
    if (!(key instanceof CryptoKey)) throw new TypeError(`Failed to execute '${usage}' on 'SubtleCrypto': parameter 2 is not of type 'CryptoKey'.`);
    const name = normAlg(alg);
    if (!keyAlgs[name]) throw notSupported(usage);
    if (key.algorithm.name !== name) throw new DOMException(`Requested algorithm "${name}" does not match this CryptoKey's algorithm "${key.algorithm.name}".`, "InvalidAccessError");
    if (!key.usages.includes(usage)) throw new DOMException(`Requested key usage "${usage}" does not match any usage listed in this CryptoKey.`, "InvalidAccessError");
    return keyBytes.get(key);
  }
  const settle = (fn) => { try { return Promise.resolve(fn()); } catch (e) { return Promise.reject(e); } };
  const aesGCM = (encrypt, alg, key, data) => {
    const b = useKey(key, encrypt ? "encrypt" : "decrypt", alg);
    if (alg.tagLength !== undefined && Number(alg.tagLength) !== 128) throw notSupported("AES-GCM with a tag other than 128 bits");
    return host.aesGCM(encrypt, b.buffer.slice(0), toBytes(alg.iv).buffer, toBytes(data).buffer,
      alg.additionalData === undefined ? undefined : toBytes(alg.additionalData).buffer);
  };
  const pbkdf2 = (alg, key, bits) => {
    const b = useKey(key, "deriveBits", alg);
    if (bits === null || bits === undefined || Number(bits) % 8 !== 0) throw new DOMException("PBKDF2 requires a length that is a multiple of 8.", "OperationError");
    return host.pbkdf2(hashOf(alg.hash), b.buffer.slice(0), toBytes(alg.salt).buffer, Number(alg.iterations), Number(bits));
  };
  Object.assign(SubtleCrypto.prototype, {
    importKey(format, keyData, algorithm, extractable, usages) {
      return settle(() => {
        const name = normAlg(algorithm);
        if (!keyAlgs[name]) throw notSupported("importKey");
        let bytes;
        if (format === "raw") bytes = toBytes(keyData);
        else if (format === "jwk" && !keyAlgs[name].raw && keyData && keyData.kty === "oct") bytes = new Uint8Array(Array.from(b64url(keyData.k), (c) => c.charCodeAt(0)));
        else throw notSupported(`importKey in format ${format}`);
        return makeKey(name, algorithm, bytes, extractable, usages);
      });
    },
    exportKey(format, key) {
      return settle(() => {
        if (!(key instanceof CryptoKey)) throw new TypeError("Failed to execute 'exportKey' on 'SubtleCrypto': parameter 2 is not of type 'CryptoKey'.");
        if (!key.extractable) throw new DOMException(`Attempt to export non-extractable ${key.algorithm.name} key.`, "InvalidAccessError");
        const b = keyBytes.get(key);
        if (format === "raw") return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
        if (format === "jwk") return { kty: "oct", key_ops: key.usages.slice(), alg: keyAlgs[key.algorithm.name].jwkAlg(key), ext: key.extractable, k: toB64url(b) };
        throw notSupported(`exportKey in format ${format}`);
      });
    },
    generateKey(algorithm, extractable, usages) {
      return settle(() => {
        const name = normAlg(algorithm);
        if (!keyAlgs[name] || !keyAlgs[name].generateBits) throw notSupported("generateKey");
        const b = new Uint8Array(Math.ceil(keyAlgs[name].generateBits(algorithm) / 8));
        crypto.getRandomValues(b);
        return makeKey(name, algorithm, b, extractable, usages, "generate");
      });
    },
    sign(alg, key, data) {
      return settle(() => {
        if (normAlg(alg) !== "HMAC") throw notSupported("sign");
        return host.hmac(key.algorithm && key.algorithm.hash && key.algorithm.hash.name, useKey(key, "sign", alg).buffer.slice(0), toBytes(data).buffer);
      });
    },
    verify(alg, key, signature, data) {
      return settle(() => {
        if (normAlg(alg) !== "HMAC") throw notSupported("verify");
        const want = new Uint8Array(host.hmac(key.algorithm && key.algorithm.hash && key.algorithm.hash.name, useKey(key, "verify", alg).buffer.slice(0), toBytes(data).buffer));
        const got = toBytes(signature);
        return got.length === want.length && subtle.timingSafeEqual(got, want);
      });
    },
    encrypt(alg, key, data) { return settle(() => aesGCM(true, alg, key, data)); },
    decrypt(alg, key, data) { return settle(() => aesGCM(false, alg, key, data)); },
    deriveBits(alg, key, length) { return settle(() => pbkdf2(alg, key, length)); },
    deriveKey(alg, key, derivedAlg, extractable, usages) {
      return settle(() => {
        const name = normAlg(derivedAlg);
        if (!keyAlgs[name] || !keyAlgs[name].generateBits) throw notSupported("deriveKey");
        const bits = name === "HMAC" && derivedAlg.length === undefined ? (hashOf(derivedAlg.hash) === "SHA-384" || hashOf(derivedAlg.hash) === "SHA-512" ? 1024 : 512) : keyAlgs[name].generateBits(derivedAlg);
        if (!useKey(key, "deriveKey", alg)) throw notSupported("deriveKey");
        return makeKey(name, derivedAlg, new Uint8Array(pbkdf2ForKey(alg, key, bits)), extractable, usages);
      });
    },
  });
  // deriveKey's key has the deriveKey usage, which pbkdf2 (for
  // deriveBits) would refuse.
  const pbkdf2ForKey = (alg, key, bits) => host.pbkdf2(hashOf(alg.hash), keyBytes.get(key).buffer.slice(0), toBytes(alg.salt).buffer, Number(alg.iterations), Number(bits));
  for (const m of ["importKey", "exportKey", "generateKey", "sign", "verify", "encrypt", "decrypt", "deriveBits", "deriveKey"]) {
    Object.defineProperty(SubtleCrypto.prototype, m, { enumerable: false });
  }
  // DigestStream is a WritableStream (streams.js, defined after this
  // file), so the class is made on first use.
  let DigestStream;
  const digestStream = () => {
    if (DigestStream || typeof WritableStream !== "function") return DigestStream;
    DigestStream = class DigestStream extends WritableStream {
      constructor(alg) {
        const name = String(typeof alg === "string" ? alg : alg && alg.name).toUpperCase();
        host.digest(name, new ArrayBuffer(0)); // an unknown algorithm throws here, as in workerd
        const chunks = [];
        let settle, written = 0n;
        const digest = new Promise((resolve, reject) => { settle = { resolve, reject }; });
        super({
          write(c) {
            const b = typeof c === "string" ? encoder.encode(c) : toBytes(c);
            chunks.push(b);
            written += BigInt(b.length);
          },
          close() { try { settle.resolve(host.digest(name, new Blob(chunks)._bytes.buffer)); } catch (e) { settle.reject(e); } },
          abort(r) { settle.reject(r); },
        });
        Object.defineProperty(this, "digest", { value: digest, enumerable: true });
        Object.defineProperty(this, "bytesWritten", { get: () => written, enumerable: true });
      }
    };
    return DigestStream;
  };
  class Crypto {
    constructor() { if (!making) illegal(); }
    get subtle() { return subtle; }
    get DigestStream() { return digestStream(); }
    randomUUID() { return host.randomUUID(); }
    getRandomValues(ta) {
      if (!ArrayBuffer.isView(ta) || ta instanceof Float32Array || ta instanceof Float64Array || ta instanceof DataView)
        throw new DOMException("The data argument must be an integer-type TypedArray", "TypeMismatchError");
      if (ta.byteLength > 65536) throw new DOMException(`The ArrayBufferView's byte length (${ta.byteLength}) exceeds the number of bytes of entropy available via this API (65536)`, "QuotaExceededError");
      host.fillRandom(ta.buffer, ta.byteOffset, ta.byteLength);
      return ta;
    }
  }
  def("Crypto", Crypto);
  def("SubtleCrypto", SubtleCrypto);
  def("crypto", make(Crypto));

  class URLSearchParams {
    constructor(init = "") {
      this._list = [];
      this._url = null;
      if (init instanceof URLSearchParams) this._list = init._list.map((p) => p.slice());
      else if (typeof init === "object" && init !== null) {
        if (typeof init[Symbol.iterator] === "function") for (const [k, v] of init) this._list.push([String(k), String(v)]);
        else for (const k of Object.keys(init)) this._list.push([k, String(init[k])]);
      } else this._parse(String(init));
    }
    _parse(s) {
      if (s.startsWith("?")) s = s.slice(1);
      this._list = s === "" ? [] : s.split("&").filter((x) => x !== "").map((pair) => {
        const i = pair.indexOf("=");
        const dec = (x) => { try { return decodeURIComponent(x.replace(/\+/g, " ")); } catch (e) { return x; } };
        return i < 0 ? [dec(pair), ""] : [dec(pair.slice(0, i)), dec(pair.slice(i + 1))];
      });
    }
    _update() { if (this._url) this._url._setSearch(this.toString()); }
    get size() { return this._list.length; }
    append(k, v) { this._list.push([String(k), String(v)]); this._update(); }
    delete(k) { k = String(k); this._list = this._list.filter((p) => p[0] !== k); this._update(); }
    get(k) { k = String(k); const p = this._list.find((p) => p[0] === k); return p ? p[1] : null; }
    getAll(k) { k = String(k); return this._list.filter((p) => p[0] === k).map((p) => p[1]); }
    has(k) { k = String(k); return this._list.some((p) => p[0] === k); }
    set(k, v) {
      k = String(k); v = String(v);
      const i = this._list.findIndex((p) => p[0] === k);
      if (i < 0) this._list.push([k, v]);
      else { this._list[i][1] = v; this._list = this._list.filter((p, j) => j <= i || p[0] !== k); }
      this._update();
    }
    sort() { this._list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)); this._update(); }
    forEach(fn, self) { for (const [k, v] of this._list) fn.call(self, v, k, this); }
    keys() { return this._list.map((p) => p[0])[Symbol.iterator](); }
    values() { return this._list.map((p) => p[1])[Symbol.iterator](); }
    entries() { return this._list.map((p) => p.slice())[Symbol.iterator](); }
    [Symbol.iterator]() { return this.entries(); }
    toString() {
      const enc = (s) => encodeURIComponent(s).replace(/%20/g, "+").replace(/[!'()~]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
      return this._list.map(([k, v]) => enc(k) + "=" + enc(v)).join("&");
    }
  }
  def("URLSearchParams", URLSearchParams);

  class URL {
    constructor(input, base) {
      const p = host.parseURL(String(input), base === undefined ? undefined : String(base));
      if (p === null) throw new TypeError(`Invalid URL string.`);
      this._p = p;
      this._sp = new URLSearchParams(p.search);
      this._sp._url = this;
    }
    static canParse(input, base) { return host.parseURL(String(input), base === undefined ? undefined : String(base)) !== null; }
    static parse(input, base) { return URL.canParse(input, base) ? new URL(input, base) : null; }
    // workerd defines these and throws, as here.
    static createObjectURL() { throw new Error("URL.createObjectURL() is not implemented"); }
    static revokeObjectURL() { throw new Error("URL.revokeObjectURL() is not implemented"); }
    _set(part, v) {
      const p = host.setURLPart(this._p.href, part, String(v));
      if (p !== null) { this._p = p; if (part === "search" || part === "href") { this._sp._list = []; this._sp._parse(p.search); } }
    }
    _setSearch(s) { const p = host.setURLPart(this._p.href, "search", s); if (p !== null) this._p = p; }
    get href() { return this._p.href; } set href(v) { this._set("href", v); }
    get origin() { return this._p.origin; }
    get protocol() { return this._p.protocol; } set protocol(v) { this._set("protocol", v); }
    get username() { return this._p.username; } set username(v) { this._set("username", v); }
    get password() { return this._p.password; } set password(v) { this._set("password", v); }
    get host() { return this._p.host; } set host(v) { this._set("host", v); }
    get hostname() { return this._p.hostname; } set hostname(v) { this._set("hostname", v); }
    get port() { return this._p.port; } set port(v) { this._set("port", v); }
    get pathname() { return this._p.pathname; } set pathname(v) { this._set("pathname", v); }
    get search() { return this._p.search; } set search(v) { this._set("search", v); }
    get hash() { return this._p.hash; } set hash(v) { this._set("hash", v); }
    get searchParams() { return this._sp; }
    toString() { return this.href; }
    toJSON() { return this.href; }
  }
  def("URL", URL);

  // URLPattern compiles each URL component's pattern to a regular
  // expression: text matches itself; :name matches one segment (up to the
  // next "/" in the pathname, "." in the hostname) or, as :name(re), re;
  // (re) and * are unnamed groups, numbered from 0; {...} groups without
  // capturing; ?, + and * after a group make it optional or repeated, and
  // in the pathname a "/" before a group repeats or drops with it.
  const urlComponents = ["protocol", "username", "password", "hostname", "port", "pathname", "search", "hash"];
  const reEscape = (t) => t.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  function readParen(src, i) {
    let depth = 0, j = i;
    for (; j < src.length; j++) {
      if (src[j] === "\\") { j++; continue; }
      if (src[j] === "(") depth++;
      else if (src[j] === ")" && --depth === 0) return [src.slice(i + 1, j), j + 1];
    }
    throw new TypeError(`Invalid URLPattern: unbalanced parenthesis in "${src}".`);
  }
  function compilePattern(src, component, state) {
    const segment = component === "pathname" ? "[^/]+?" : component === "hostname" ? "[^.]+?" : ".+?";
    let re = "", lit = "";
    const flush = () => { re += reEscape(lit); lit = ""; };
    for (let i = 0; i < src.length;) {
      const c = src[i];
      if (c === "\\") { lit += src[i + 1] || ""; i += 2; continue; }
      let group = null, name, capture = true;
      if (c === "{") {
        const end = src.indexOf("}", i);
        if (end < 0) throw new TypeError(`Invalid URLPattern: unclosed "{" in "${src}".`);
        group = compilePattern(src.slice(i + 1, end), component, state);
        capture = false;
        i = end + 1;
      } else if (c === ":" && /[A-Za-z_$]/.test(src[i + 1] || "")) {
        name = /^[A-Za-z_$][\w$]*/.exec(src.slice(i + 1))[0];
        i += 1 + name.length;
        if (src[i] === "(") { let body; [body, i] = readParen(src, i); group = body; state.regexp = true; } else group = segment;
      } else if (c === "(") {
        [group, i] = readParen(src, i);
        name = String(state.index++);
        state.regexp = true;
      } else if (c === "*") {
        group = ".*";
        name = String(state.index++);
        i++;
      } else { lit += c; i++; continue; }
      const mod = "?+*".includes(src[i] || "x") ? src[i++] : "";
      // A pathname's "/" before a group belongs to it.
      let prefix = "";
      if (component === "pathname" && capture && lit.endsWith("/")) { prefix = "/"; lit = lit.slice(0, -1); }
      flush();
      if (!capture) { re += mod ? `(?:${group})${mod}` : `(?:${group})`; continue; }
      state.names.push(name);
      const p = reEscape(prefix);
      if (mod === "") re += `${p}(${group})`;
      else if (mod === "?") re += `(?:${p}(${group}))?`;
      else {
        const rep = `${p}((?:${group})(?:${p}(?:${group}))*)`;
        re += mod === "+" ? rep : `(?:${rep})?`;
      }
    }
    flush();
    return re;
  }
  // splitPatternString reads "proto://host:port/path?search#hash" into
  // components, leaving out those it does not hold.
  function splitPatternString(s) {
    const out = {};
    const m = /^([^:/?#{(]+):\/\//.exec(s);
    if (m) {
      out.protocol = m[1];
      s = s.slice(m[0].length);
      const end = s.search(/[/?#]/);
      const auth = end < 0 ? s : s.slice(0, end);
      s = end < 0 ? "" : s.slice(end);
      const host = auth.includes("@") ? auth.slice(auth.lastIndexOf("@") + 1) : auth;
      const portAt = host.search(/:\d*$/);
      out.hostname = portAt < 0 ? host : host.slice(0, portAt);
      out.port = portAt < 0 ? "" : host.slice(portAt + 1);
    }
    const hashAt = s.indexOf("#");
    if (hashAt >= 0) { out.hash = s.slice(hashAt + 1); s = s.slice(0, hashAt); }
    const searchAt = s.indexOf("?");
    if (searchAt >= 0) { out.search = s.slice(searchAt + 1); s = s.slice(0, searchAt); }
    if (s !== "" || m) out.pathname = s === "" ? "/" : s;
    return out;
  }
  const patterns = new WeakMap();
  class URLPattern {
    constructor(input = {}, baseURL, options) {
      if (baseURL !== undefined && typeof baseURL === "object") { options = baseURL; baseURL = undefined; }
      let init = typeof input === "string" ? splitPatternString(input) : { ...input };
      const fromString = typeof input === "string";
      if (init.baseURL !== undefined) baseURL = init.baseURL;
      const comp = {};
      let base = null;
      if (baseURL !== undefined) base = new URL(String(baseURL));
      for (const k of urlComponents) {
        if (init[k] !== undefined) comp[k] = String(init[k]);
        else if (base && k !== "search" && k !== "hash") {
          const v = k === "protocol" ? base.protocol.slice(0, -1) : k === "pathname" ? base.pathname : base[k];
          comp[k] = reEscape(v).replace(/\\\//g, "/");
        } else if (fromString && (k === "username" || k === "password")) comp[k] = "";
        else comp[k] = "*";
      }
      if (base && comp.pathname && !comp.pathname.startsWith("/") && init.pathname !== undefined) {
        comp.pathname = base.pathname.slice(0, base.pathname.lastIndexOf("/") + 1) + comp.pathname;
      }
      const flags = options && options.ignoreCase ? "ui" : "u";
      const compiled = {};
      let regexp = false;
      for (const k of urlComponents) {
        const state = { index: 0, names: [], regexp: false };
        const re = compilePattern(comp[k], k, state);
        regexp = regexp || state.regexp;
        try { compiled[k] = { re: new RegExp("^" + re + "$", flags), names: state.names }; }
        catch (e) { throw new TypeError(`Invalid URLPattern ${k} "${comp[k]}": ${e.message}`); }
      }
      patterns.set(this, { comp, compiled, regexp });
    }
    exec(input, baseURL) {
      const { compiled } = patterns.get(this);
      let parts;
      if (typeof input === "object" && input !== null && !(input instanceof URL)) {
        parts = {};
        for (const k of urlComponents) parts[k] = input[k] === undefined ? "" : String(input[k]);
      } else {
        let u;
        try { u = new URL(String(input), baseURL === undefined ? undefined : String(baseURL)); } catch (e) { return null; }
        parts = { protocol: u.protocol.slice(0, -1), username: u.username, password: u.password, hostname: u.hostname, port: u.port,
          pathname: u.pathname, search: u.search.slice(1), hash: u.hash.slice(1) };
      }
      const result = { inputs: baseURL === undefined ? [input] : [input, baseURL] };
      for (const k of urlComponents) {
        const m = compiled[k].re.exec(parts[k]);
        if (!m) return null;
        const groups = {};
        compiled[k].names.forEach((n, i) => { groups[n] = m[i + 1]; });
        result[k] = { input: parts[k], groups };
      }
      return result;
    }
    test(input, baseURL) { return this.exec(input, baseURL) !== null; }
    get hasRegExpGroups() { return patterns.get(this).regexp; }
  }
  for (const k of urlComponents) {
    Object.defineProperty(URLPattern.prototype, k, { get() { return patterns.get(this).comp[k]; }, configurable: true });
  }
  def("URLPattern", URLPattern);

  const normName = (n) => {
    n = String(n);
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(n)) throw new TypeError(`Invalid header name.`);
    return n.toLowerCase();
  };
  class Headers {
    constructor(init) {
      this._m = new Map();
      if (init instanceof Headers) for (const [k, v] of init._m) this._m.set(k, v.slice());
      else if (Array.isArray(init)) for (const [k, v] of init) this.append(k, v);
      else if (init && typeof init === "object") {
        if (typeof init[Symbol.iterator] === "function") for (const [k, v] of init) this.append(k, v);
        else for (const k of Object.keys(init)) this.append(k, init[k]);
      }
    }
    append(k, v) { k = normName(k); v = String(v).trim(); const a = this._m.get(k); if (a) a.push(v); else this._m.set(k, [v]); }
    delete(k) { this._m.delete(normName(k)); }
    get(k) { const a = this._m.get(normName(k)); return a ? a.join(", ") : null; }
    getAll(k) { return (this._m.get(normName(k)) || []).slice(); }
    getSetCookie() { return (this._m.get("set-cookie") || []).slice(); }
    has(k) { return this._m.has(normName(k)); }
    set(k, v) { this._m.set(normName(k), [String(v).trim()]); }
    forEach(fn, self) { for (const [k, v] of this.entries()) fn.call(self, v, k, this); }
    *entries() {
      for (const k of [...this._m.keys()].sort()) {
        // Before http_headers_getsetcookie (2023-03-01) Set-Cookie
        // values were joined like any other header's.
        if (k === "set-cookie" && compatOn("http_headers_getsetcookie")) for (const v of this._m.get(k)) yield [k, v];
        else yield [k, this._m.get(k).join(", ")];
      }
    }
    *keys() { for (const [k] of this.entries()) yield k; }
    *values() { for (const [, v] of this.entries()) yield v; }
    [Symbol.iterator]() { return this.entries(); }
  }
  def("Headers", Headers);
  if (!compatOn("http_headers_getsetcookie")) delete Headers.prototype.getSetCookie;

  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  // Bodies are kept whole in memory as Uint8Array (or null).
  function bodyInit(body, headers) {
    if (body === undefined || body === null) return null;
    if (typeof body === "string") {
      if (!headers.has("content-type")) headers.set("content-type", "text/plain;charset=UTF-8");
      return encoder.encode(body);
    }
    if (body instanceof URLSearchParams) {
      if (!headers.has("content-type")) headers.set("content-type", "application/x-www-form-urlencoded;charset=UTF-8");
      return encoder.encode(body.toString());
    }
    if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return toBytes(body);
    if (body instanceof FormData) return serializeForm(body, headers);
    if (body instanceof Blob) {
      if (body.type && !headers.has("content-type")) headers.set("content-type", body.type);
      return body._bytes;
    }
    if (body && body._bytes !== undefined) return body._bytes;
    if (!headers.has("content-type")) headers.set("content-type", "text/plain;charset=UTF-8");
    return encoder.encode(String(body));
  }
  class Body {
    _take() {
      if (this._used) throw new TypeError("Body has already been used. It can only be used once. Use tee() first if you need to read it twice.");
      if (this._bytes !== null) this._used = true;
      return this._bytes || new Uint8Array(0);
    }
    get bodyUsed() { return !!this._used; }
    get body() { return this._bytes === null ? null : { _bytes: this._bytes }; }
    async text() { return decoder.decode(this._take()); }
    async json() { return JSON.parse(decoder.decode(this._take())); }
    async arrayBuffer() { const b = this._take(); return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength); }
    async bytes() { return new Uint8Array(await this.arrayBuffer()); }
    async formData() { return parseForm(this._take(), this.headers.get("content-type")); }
    async blob() {
      const b = this._take();
      return new Blob([b], { type: (this.headers && this.headers.get("content-type")) || "" });
    }
  }
  // The methods workerd's HTTP layer knows; the fetch standard's own six
  // are matched in any case, and from upper_case_all_http_methods
  // (2024-10-14) on every method is.
  const knownMethods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "PURGE", "OPTIONS", "TRACE", "COPY", "LOCK",
    "MKCOL", "MOVE", "PROPFIND", "PROPPATCH", "SEARCH", "UNLOCK", "ACL", "REPORT", "MKACTIVITY", "CHECKOUT", "MERGE",
    "MSEARCH", "NOTIFY", "SUBSCRIBE", "UNSUBSCRIBE", "QUERY", "BAN"];
  const fetchMethods = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"];
  function requestMethod(given) {
    const upper = given.toUpperCase();
    const m = fetchMethods.includes(upper) || compatOn("upper_case_all_http_methods") ? upper : given;
    if (!knownMethods.includes(m)) throw new TypeError(`Invalid HTTP method string: ${given}`);
    return m;
  }
  class Request extends Body {
    constructor(input, init = {}) {
      super();
      let src = null;
      if (input instanceof Request) src = input;
      this.url = src ? src.url : new URL(String(input)).href;
      let method = init.method !== undefined ? String(init.method) : src ? src.method : "GET";
      this.method = requestMethod(method);
      this.headers = new Headers(init.headers !== undefined ? init.headers : src ? src.headers : undefined);
      this._bytes = init.body !== undefined ? bodyInit(init.body, this.headers) : src ? src._bytes : null;
      if (this._bytes !== null && (this.method === "GET" || this.method === "HEAD")) throw new TypeError("Request with a GET or HEAD method cannot have a body.");
      this.redirect = init.redirect || (src ? src.redirect : "follow");
      this.signal = init.signal || (src ? src.signal : null);
      this.cf = init.cf || (src ? src.cf : undefined);
    }
    clone() { return new Request(this); }
    get integrity() { return ""; }
    get keepalive() { return false; }
  }
  def("Request", Request);
  const statusText = { 200: "OK", 201: "Created", 204: "No Content", 101: "Switching Protocols", 301: "Moved Permanently", 302: "Found", 304: "Not Modified", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict", 426: "Upgrade Required", 429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable" };
  class Response extends Body {
    constructor(body = null, init = {}) {
      super();
      const status = init.status === undefined ? 200 : Number(init.status);
      if (!(status === 101 && init.webSocket) && (status < 200 || status > 599)) throw new RangeError(`Responses may only be constructed with status codes in the range 200 to 599, inclusive.`);
      this.status = status;
      this.statusText = init.statusText !== undefined ? String(init.statusText) : "";
      this.headers = new Headers(init.headers);
      this._bytes = bodyInit(body, this.headers);
      this.webSocket = init.webSocket || null;
      this.url = "";
      this.redirected = false;
      this.type = "default";
    }
    get ok() { return this.status >= 200 && this.status < 300; }
    // Only a response from fetch() has cf properties.
    get cf() { return undefined; }
    clone() { const r = new Response(null, this); r._bytes = this._bytes; return r; }
    static json(data, init = {}) {
      const headers = new Headers(init.headers);
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
      return new Response(JSON.stringify(data), { ...init, headers });
    }
    static redirect(url, status = 302) { return new Response(null, { status, headers: { location: new URL(String(url)).href } }); }
    static error() { const r = new Response(null, { status: 200 }); r.status = 0; r.type = "error"; return r; }
  }
  def("Response", Response);

  // ---- HTMLRewriter ----
  // The whole body is rewritten when transform() is called (bodies are
  // buffered): tokens are read from the HTML, open elements are kept on a
  // stack for the selectors, and each handler, called in the order it was
  // added, may change what is written out. Unlike workerd's, handlers must
  // be synchronous (one that returns a promise is refused with a
  // TypeError), selectors take no pseudo-classes, and a text node comes as
  // one chunk and an empty last one.
  const voidTags = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]);
  const rawTextTags = new Set(["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"]);
  const escapeText = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const contentOf = (content, opts) => (opts && opts.html ? String(content) : escapeText(content));
  // Tokens come from html.go: text, comment, doctype, start and end.
  const tokenizeHTML = (src) => host.htmlTokens(src);
  // A selector is a list of compound selectors joined by " " or ">".
  function parseSelector(sel) {
    const fail = (why) => new TypeError("Parser error: " + why);
    const parts = [];
    let s = String(sel).trim(), comb = null;
    if (s === "") throw fail("Unexpected end of selector.");
    while (s !== "") {
      const c = { tag: null, id: null, classes: [], attrs: [] };
      let any = false;
      for (;;) {
        let m;
        if ((m = /^(\*|[A-Za-z][\w-]*)/.exec(s)) && !any) { if (m[1] !== "*") c.tag = m[1].toLowerCase(); }
        else if ((m = /^#([\w-]+)/.exec(s))) c.id = m[1];
        else if ((m = /^\.([\w-]+)/.exec(s))) c.classes.push(m[1]);
        else if ((m = /^\[\s*([^\s~|^$*=\]]+)\s*(?:([~|^$*]?=)\s*(?:"([^"]*)"|'([^']*)'|([^\s\]]+))\s*(i)?\s*)?\]/.exec(s))) c.attrs.push({ name: m[1].toLowerCase(), op: m[2] || null, value: m[3] ?? m[4] ?? m[5] ?? "", i: !!m[6] });
        else if (s[0] === "[") throw fail("Unexpected end of selector.");
        else if (s[0] === ":") throw new TypeError(`HTMLRewriter: the sandbox does not support pseudo-classes such as ${/^:[\w-]*/.exec(s)[0]} in selectors.`);
        else break;
        any = true;
        s = s.slice(m[0].length);
      }
      if (!any) throw fail(s[0] === ">" ? "Unexpected end of selector." : `Unexpected token in selector: ${s[0]}`);
      parts.push({ comb, c });
      const m = /^\s*(>)?\s*/.exec(s);
      s = s.slice(m[0].length);
      comb = m[1] ? ">" : " ";
      if (m[1] && s === "") throw fail("Unexpected end of selector.");
    }
    return parts;
  }
  // parseSelectorList reads "a, b" as alternatives.
  function parseSelectorList(sel) {
    const list = [];
    let depth = 0, quote = "", start = 0;
    sel = String(sel);
    for (let i = 0; i <= sel.length; i++) {
      const c = sel[i];
      if (quote) { if (c === quote) quote = ""; continue; }
      if (c === "'" || c === '"') quote = c;
      else if (c === "[") depth++;
      else if (c === "]") depth--;
      else if ((c === "," && depth === 0) || i === sel.length) { list.push(parseSelector(sel.slice(start, i))); start = i + 1; }
    }
    return list;
  }
  function compoundMatches(c, el) {
    if (c.tag && c.tag !== el.name) return false;
    const attr = (n) => { const a = el.attrs.find((x) => x[0] === n); return a ? a[1] : null; };
    if (c.id !== null && attr("id") !== c.id) return false;
    const cls = (attr("class") || "").split(/\s+/);
    if (c.classes.some((k) => !cls.includes(k))) return false;
    for (const a of c.attrs) {
      let v = attr(a.name);
      if (v === null) return false;
      if (!a.op) continue;
      let want = a.value;
      if (a.i) { v = v.toLowerCase(); want = want.toLowerCase(); }
      const ok = a.op === "=" ? v === want : a.op === "~=" ? v.split(/\s+/).includes(want) : a.op === "|=" ? v === want || v.startsWith(want + "-")
        : a.op === "^=" ? want !== "" && v.startsWith(want) : a.op === "$=" ? want !== "" && v.endsWith(want) : want !== "" && v.includes(want);
      if (!ok) return false;
    }
    return true;
  }
  // selectorMatches tests the element at the top of stack.
  function selectorMatches(parts, stack) {
    const match = (pi, si) => {
      if (!compoundMatches(parts[pi].c, stack[si])) return false;
      if (pi === 0) return true;
      if (parts[pi].comb === ">") return si > 0 && match(pi - 1, si - 1);
      for (let j = si - 1; j >= 0; j--) if (match(pi - 1, j)) return true;
      return false;
    };
    return stack.length > 0 && match(parts.length - 1, stack.length - 1);
  }
  // Content edits gather around a token: before, in place of it, after.
  const edits = () => ({ before: "", after: "", replaced: null, removed: false });
  const editMethods = (e) => ({
    before(content, opts) { e.before += contentOf(content, opts); return this; },
    after(content, opts) { e.after = contentOf(content, opts) + e.after; return this; },
    replace(content, opts) { e.replaced = contentOf(content, opts); e.removed = true; return this; },
    remove() { e.removed = true; return this; },
    get removed() { return e.removed; },
  });
  class RewriterElement {
    constructor(rec) { this._r = rec; }
    get tagName() { return this._r.name; }
    set tagName(v) { this._r.name = String(v).toLowerCase(); this._r.dirty = true; }
    get attributes() { return this._r.attrs.map((a) => a.slice())[Symbol.iterator](); }
    get namespaceURI() { return "http://www.w3.org/1999/xhtml"; }
    get removed() { return this._r.e.removed; }
    getAttribute(n) { const a = this._r.attrs.find((x) => x[0] === String(n).toLowerCase()); return a ? a[1] : null; }
    hasAttribute(n) { return this.getAttribute(n) !== null; }
    setAttribute(n, v) {
      n = String(n).toLowerCase();
      const a = this._r.attrs.find((x) => x[0] === n);
      if (a) a[1] = String(v); else this._r.attrs.push([n, String(v)]);
      this._r.dirty = true;
      return this;
    }
    removeAttribute(n) { n = String(n).toLowerCase(); this._r.attrs = this._r.attrs.filter((x) => x[0] !== n); this._r.dirty = true; return this; }
    before(c, o) { this._r.e.before += contentOf(c, o); return this; }
    after(c, o) { this._r.e.after = contentOf(c, o) + this._r.e.after; return this; }
    prepend(c, o) { this._r.prepend = contentOf(c, o) + this._r.prepend; return this; }
    append(c, o) { this._r.append += contentOf(c, o); return this; }
    setInnerContent(c, o) { this._r.inner = contentOf(c, o); this._r.prepend = ""; this._r.append = ""; return this; }
    replace(c, o) { this._r.e.replaced = contentOf(c, o); this._r.e.removed = true; return this; }
    remove() { this._r.e.removed = true; return this; }
    removeAndKeepContent() { this._r.keepContent = true; return this; }
    onEndTag(fn) { this._r.endHandlers.push(fn); }
  }
  const openTag = (r) => "<" + r.name + r.attrs.map(([k, v]) => ` ${k}="${v.replace(/"/g, "&quot;")}"`).join("") + ">";
  const rewriters = new WeakMap();
  class HTMLRewriter {
    constructor() { rewriters.set(this, { elements: [], document: [] }); }
    on(selector, handlers) { rewriters.get(this).elements.push({ sel: parseSelectorList(selector), h: handlers || {} }); return this; }
    onDocument(handlers) { rewriters.get(this).document.push(handlers || {}); return this; }
    transform(response) {
      if (!(response instanceof Response)) throw new TypeError("Failed to execute 'transform' on 'HTMLRewriter': parameter 1 is not of type 'Response'.");
      const { elements, document: docs } = rewriters.get(this);
      const src = response._bytes === null ? "" : new TextDecoder().decode(response._bytes);
      const run = () => {
        const tokens = tokenizeHTML(src);
        const stack = [];
        // Parts are joined at the end: goja copies a string on each +=.
        const out = [];
        // skip counts the open elements whose content is not written.
        const call = (fn, arg) => {
          if (typeof fn !== "function") return;
          const r = fn(arg);
          if (r && typeof r.then === "function") {
            r.then(undefined, () => {});
            throw new TypeError("HTMLRewriter: the sandbox runs handlers synchronously, and this one returned a promise.");
          }
        };
        // hiding counts the open elements whose content is not written.
        let hiding = 0;
        const hidden = () => hiding > 0;
        const anyText = elements.some((h) => typeof h.h.text === "function") || docs.some((d) => typeof d.text === "function");
        const anyComments = elements.some((h) => typeof h.h.comments === "function") || docs.some((d) => typeof d.comments === "function");
        for (const t of tokens) {
          if (t.type === "start") {
            const rec = { name: t.name, attrs: t.attrs, raw: t.raw, dirty: false, e: edits(), prepend: "", append: "", inner: null,
              keepContent: false, endHandlers: [], matched: [], hideParent: hidden(), hides: false };
            stack.push(rec);
            for (const h of elements) if (h.sel.some((alt) => selectorMatches(alt, stack))) rec.matched.push(h);
            if (rec.matched.length > 0) {
              rec.attrs = t.attrs.map((a) => a.slice());
              const el = new RewriterElement(rec);
              if (!rec.hideParent) for (const h of rec.matched) call(h.h.element && h.h.element.bind(h.h), el);
            }
            const isVoid = voidTags.has(rec.name) || t.selfClosing;
            if (!rec.hideParent) {
              out.push(rec.e.before);
              if (rec.e.replaced !== null) out.push(rec.e.replaced);
              if (!rec.e.removed && !rec.keepContent) out.push(rec.dirty ? openTag(rec) : rec.raw);
              if (!rec.e.removed) out.push(rec.inner !== null ? rec.inner : rec.prepend);
            }
            if (isVoid) {
              stack.pop();
              if (!rec.hideParent) out.push(rec.e.after);
            } else if (!rec.hideParent && (rec.inner !== null || rec.e.removed)) {
              rec.hides = true;
              hiding++;
            }
          } else if (t.type === "end") {
            let at = -1;
            for (let j = stack.length - 1; j >= 0; j--) if (stack[j].name === t.name || stack[j].raw !== undefined && /^<([^\s/>]+)/.exec(stack[j].raw)[1].toLowerCase() === t.name) { at = j; break; }
            if (at < 0) { if (!hidden()) out.push(t.raw); continue; }
            while (stack.length > at) {
              const rec = stack.pop();
              if (rec.hides) hiding--;
              if (rec.hideParent) continue;
              const endEdit = edits();
              if (rec.endHandlers.length > 0) {
                const endTag = Object.assign(Object.create(null), editMethods(endEdit), {
                  get name() { return rec.name; }, set name(v) { rec.name = String(v).toLowerCase(); rec.dirty = true; },
                });
                for (const fn of rec.endHandlers) call(fn, endTag);
              }
              if (!rec.e.removed) {
                if (rec.inner === null) out.push(rec.append);
                out.push(endEdit.before);
                if (endEdit.replaced !== null) out.push(endEdit.replaced);
                if (!endEdit.removed && !rec.keepContent) out.push(stack.length === at && rec.name === t.name && !rec.dirty ? t.raw : `</${rec.name}>`);
                out.push(endEdit.after);
              }
              out.push(rec.e.after);
            }
          } else {
            if (hidden()) continue;
            if ((t.type === "text" && !anyText) || (t.type === "comment" && !anyComments) || (t.type === "doctype" && docs.length === 0)) {
              out.push(t.raw);
              continue;
            }
            const e = edits();
            const handlersFor = (kind) => {
              const hs = [];
              for (const r of stack) for (const h of r.matched) if (typeof h.h[kind] === "function") hs.push(h.h);
              for (const d of docs) if (typeof d[kind] === "function") hs.push(d);
              return hs;
            };
            if (t.type === "text") {
              for (const h of handlersFor("text")) {
                for (const [text, last] of [[t.raw, false], ["", true]]) {
                  const chunk = Object.assign(Object.create(null), editMethods(e), { text, lastInTextNode: last });
                  call(h.text.bind(h), chunk);
                }
              }
            } else if (t.type === "comment") {
              let text = t.text;
              for (const h of handlersFor("comments")) {
                const c = Object.assign(Object.create(null), editMethods(e), { get text() { return text; }, set text(v) { text = String(v); } });
                call(h.comments.bind(h), c);
              }
              if (text !== t.text) t.raw = `<!--${text}-->`;
            } else if (t.type === "doctype") {
              for (const d of docs) call(d.doctype && d.doctype.bind(d), Object.freeze({ name: t.name, publicId: t.publicId, systemId: t.systemId }));
            }
            out.push(e.before + (e.replaced !== null ? e.replaced : e.removed ? "" : t.raw) + e.after);
          }
        }
        for (const d of docs) {
          if (typeof d.end !== "function") continue;
          let tail = "";
          call(d.end.bind(d), { append(c, o) { tail += contentOf(c, o); return this; } });
          out.push(tail);
        }
        return out.join("");
      };
      const headers = new Headers(response.headers);
      headers.delete("content-length");
      const res = new Response(null, { status: response.status, statusText: response.statusText, headers });
      res._bytes = encoder.encode(run());
      return res;
    }
  }
  def("HTMLRewriter", HTMLRewriter);
  def("__statusText", statusText);

  // Events have one target and no tree, so the only phase is AT_TARGET.
  const stopped = new WeakSet();
  class Event {
    constructor(type, init = {}) {
      if (arguments.length === 0) throw new TypeError("Failed to construct 'Event': 1 argument required, but only 0 present.");
      init = init || {};
      this.type = String(type);
      this.bubbles = !!init.bubbles;
      this.cancelable = !!init.cancelable;
      this.composed = !!init.composed;
      this.defaultPrevented = false;
      this.eventPhase = 0;
      this.isTrusted = false;
      this.timeStamp = 0;
      this.target = null;
      this.currentTarget = null;
      this.returnValue = true;
      this.cancelBubble = false;
    }
    get srcElement() { return this.target; }
    preventDefault() { if (this.cancelable) { this.defaultPrevented = true; this.returnValue = false; } }
    stopPropagation() { this.cancelBubble = true; }
    stopImmediatePropagation() { this.cancelBubble = true; stopped.add(this); }
    composedPath() { return this.currentTarget ? [this.currentTarget] : []; }
  }
  Event.NONE = 0; Event.CAPTURING_PHASE = 1; Event.AT_TARGET = 2; Event.BUBBLING_PHASE = 3;
  class CustomEvent extends Event {
    constructor(type, init = {}) { super(type, init); this.detail = init && init.detail !== undefined ? init.detail : null; }
  }
  class MessageEvent extends Event {
    constructor(type, init) {
      if (init === null || typeof init !== "object") throw new TypeError("Failed to construct 'MessageEvent': constructor parameter 2 is not of type 'Initializer'.");
      super(type, init);
      this.data = init.data !== undefined ? init.data : null;
      this.origin = null;
      this.lastEventId = "";
      this.source = null;
      this.ports = [];
    }
  }
  class CloseEvent extends Event {
    constructor(type, init = {}) {
      super(type, init);
      this.code = init && init.code !== undefined ? Number(init.code) : 0;
      this.reason = init && init.reason !== undefined ? String(init.reason) : "";
      this.wasClean = !!(init && init.wasClean);
    }
  }
  class ErrorEvent extends Event {
    constructor(type, init = {}) {
      super(type, init);
      this.message = init && init.message !== undefined ? String(init.message) : "";
      this.filename = init && init.filename !== undefined ? String(init.filename) : "";
      this.lineno = init && init.lineno !== undefined ? Number(init.lineno) : 0;
      this.colno = init && init.colno !== undefined ? Number(init.colno) : 0;
      this.error = init ? init.error : undefined;
    }
  }
  // Before set_event_target_this (2025-08-01) workerd called listeners
  // with the global object as this.
  const listenerThis = (target) => (compatOn("set_event_target_this") ? target : global);
  class EventTarget {
    constructor() { this._l = new Map(); }
    addEventListener(type, fn, opts) {
      if (fn === null || fn === undefined) return;
      const a = this._l.get(type) || [];
      if (a.some((l) => l.fn === fn)) return;
      a.push({ fn, once: !!(opts && typeof opts === "object" && opts.once) });
      this._l.set(type, a);
      const signal = opts && typeof opts === "object" ? opts.signal : undefined;
      if (signal && typeof signal.addEventListener === "function") signal.addEventListener("abort", () => this.removeEventListener(type, fn));
    }
    removeEventListener(type, fn) { const a = this._l.get(type); if (a) this._l.set(type, a.filter((l) => l.fn !== fn)); }
    dispatchEvent(ev) {
      if (!(ev instanceof Event)) throw new TypeError("Failed to execute 'dispatchEvent' on 'EventTarget': parameter 1 is not of type 'Event'.");
      if (ev.target === null) ev.target = this;
      ev.currentTarget = this;
      ev.eventPhase = 2;
      for (const l of (this._l.get(ev.type) || []).slice()) {
        if (l.once) this.removeEventListener(ev.type, l.fn);
        try { typeof l.fn === "function" ? l.fn.call(listenerThis(this), ev) : l.fn.handleEvent(ev); } catch (e) { host.log("error", "Uncaught " + inspect(e, 0, [])); }
        if (stopped.has(ev)) break;
      }
      const on = this["on" + ev.type];
      if (typeof on === "function" && !stopped.has(ev)) on.call(listenerThis(this), ev);
      ev.currentTarget = null;
      ev.eventPhase = 0;
      return !ev.defaultPrevented;
    }
  }
  def("Event", Event);
  def("EventTarget", EventTarget);
  def("CustomEvent", CustomEvent);
  def("MessageEvent", MessageEvent);
  def("CloseEvent", CloseEvent);
  def("ErrorEvent", ErrorEvent);
  const abortError = () => new DOMException("This operation was aborted", "AbortError");
  class AbortSignal extends EventTarget {
    constructor() { super(); this.aborted = false; this.reason = undefined; this.onabort = null; }
    throwIfAborted() { if (this.aborted) throw this.reason; }
    _abort(reason) {
      if (this.aborted) return;
      this.aborted = true;
      this.reason = reason === undefined ? abortError() : reason;
      this.dispatchEvent(new Event("abort"));
    }
    static abort(reason) { const s = new AbortSignal(); s.aborted = true; s.reason = reason === undefined ? abortError() : reason; return s; }
    static timeout(ms) {
      const s = new AbortSignal();
      setTimeout(() => s._abort(new DOMException("The operation was aborted due to timeout", "TimeoutError")), Number(ms) || 0);
      return s;
    }
    static any(signals) {
      const s = new AbortSignal();
      for (const x of signals) {
        if (x.aborted) { s._abort(x.reason); return s; }
        x.addEventListener("abort", () => s._abort(x.reason));
      }
      return s;
    }
  }
  class AbortController {
    constructor() { this.signal = new AbortSignal(); }
    abort(reason) { this.signal._abort(reason); }
  }
  def("AbortSignal", AbortSignal);
  def("AbortController", AbortController);

  def("self", global);
  def("reportError", (e) => host.log("error", "Uncaught " + inspect(e, 0, [])));
  def("navigator", Object.freeze({ userAgent: "Cloudflare-Workers", hardwareConcurrency: 1, language: "en", languages: Object.freeze(["en"]), platform: "" }));
  // workerd's clock stands still during a turn and starts at 0 in
  // performance's terms, so performance.now() is Date.now().
  class Performance extends EventTarget {
    get timeOrigin() { return 0; }
    now() { return Date.now(); }
    toJSON() { return { timeOrigin: 0 }; }
  }
  def("Performance", Performance);
  def("performance", new Performance());
  def("scheduler", Object.freeze({ wait: (ms) => new Promise((resolve) => setTimeout(resolve, Number(ms) || 0)) }));

  // Date.prototype.toString names the zone the way V8 with ICU does.
  const dateToString = Date.prototype.toString;
  Object.defineProperty(Date.prototype, "toString", {
    value: function toString() { return dateToString.call(this).replace(/\(UTC\)$/, "(Coordinated Universal Time)"); },
    writable: true, configurable: true,
  });

  // Iterator helpers, which workerd's V8 has and goja lacks.
  const iterProto = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
  const genProto = Object.getPrototypeOf(function* () {}).prototype;
  const helpers = {
    *map(fn) { let i = 0; for (const x of this) yield fn(x, i++); },
    *filter(fn) { let i = 0; for (const x of this) if (fn(x, i++)) yield x; },
    *take(n) { if (n <= 0) return; let i = 0; for (const x of this) { yield x; if (++i >= n) return; } },
    *drop(n) { let i = 0; for (const x of this) if (i++ >= n) yield x; },
    *flatMap(fn) { let i = 0; for (const x of this) yield* fn(x, i++); },
    toArray() { return [...this]; },
    forEach(fn) { let i = 0; for (const x of this) fn(x, i++); },
    some(fn) { let i = 0; for (const x of this) if (fn(x, i++)) return true; return false; },
    every(fn) { let i = 0; for (const x of this) if (!fn(x, i++)) return false; return true; },
    find(fn) { let i = 0; for (const x of this) if (fn(x, i++)) return x; return undefined; },
    reduce(fn, ...init) {
      let i = 0, acc, first = init.length === 0;
      if (!first) acc = init[0];
      for (const x of this) { if (first) { acc = x; first = false; } else acc = fn(acc, x, i); i++; }
      if (first) throw new TypeError("Reduce of empty iterator with no initial value");
      return acc;
    },
  };
  for (const k of Object.keys(helpers)) {
    if (!(k in iterProto)) Object.defineProperty(iterProto, k, { value: helpers[k], writable: true, configurable: true });
  }
  void genProto;

  // Natives that allocate in proportion to an argument ask the memory
  // budget first (host.reserve ends the isolate when the allocation cannot
  // fit), so that one call cannot overshoot the limit by gigabytes before
  // the heap is next sampled. Strings stop at V8's maximum length.
  const maxString = 2 ** 29 - 24;
  const wrap = (obj, name, cost) => {
    const orig = obj[name];
    const guarded = {
      [name](...args) {
        cost(this, args);
        return Reflect.apply(orig, this, args);
      },
    }[name];
    Object.defineProperty(guarded, "length", { value: orig.length, configurable: true });
    Object.defineProperty(obj, name, { value: guarded, writable: true, enumerable: false, configurable: true });
  };
  const stringOf = (s, chars) => {
    if (chars > maxString) throw new RangeError("Invalid string length");
    host.reserve(chars);
  };
  const num = (v, d) => (v === undefined ? d : Math.trunc(Number(v)) || 0);
  wrap(String.prototype, "repeat", (self, [count]) => {
    const n = num(count, 0);
    if (n > 0 && n !== Infinity) stringOf(self, String(self).length * n);
  });
  for (const name of ["padStart", "padEnd"]) {
    wrap(String.prototype, name, (self, [max]) => stringOf(self, num(max, 0)));
  }
  wrap(String.prototype, "concat", (self, args) => {
    let n = String(self).length;
    for (const a of args) n += typeof a === "string" ? a.length : 0;
    stringOf(self, n);
  });
  wrap(Array.prototype, "join", (self, [sep]) => {
    const len = Math.min(Number(self.length) || 0, 2 ** 32);
    const s = sep === undefined ? 1 : String(sep).length;
    if (len > 1) stringOf(self, (len - 1) * s);
  });
  // A filled slot of a goja array takes about 20 bytes.
  const slots = (n) => host.reserve(24 * Math.max(0, n));
  wrap(Array.prototype, "fill", (self, [, start, end]) => {
    const len = Math.min(Number(self.length) || 0, 2 ** 53);
    const rel = (v, d) => { const x = num(v, d); return x < 0 ? Math.max(len + x, 0) : Math.min(x, len); };
    slots(rel(end, len) - rel(start, 0));
  });
  wrap(Array, "from", (self, [items]) => {
    if (items !== null && typeof items === "object" && !(Symbol.iterator in items)) slots(Number(items.length) || 0);
  });
  wrap(ArrayBuffer.prototype, "slice", (self, [start, end]) => {
    const len = self.byteLength;
    const rel = (v, d) => { const x = num(v, d); return x < 0 ? Math.max(len + x, 0) : Math.min(x, len); };
    host.reserve(rel(end, len) - rel(start, 0));
  });
  // Constructors: the same class, with a check before it allocates.
  const guardCtor = (name, bytesPer) => {
    const Orig = global[name];
    if (typeof Orig !== "function") return;
    const Guarded = {
      [name]: function (...args) {
        if (!new.target) return Reflect.apply(Orig, this, args);
        if (typeof args[0] === "number" || args[0] === undefined) host.reserve(bytesPer * (Number(args[0]) || 0));
        else if (args[0] !== null && typeof args[0] === "object" && !(args[0] instanceof ArrayBuffer) && !ArrayBuffer.isView(args[0]) && typeof args[0].length === "number") host.reserve(bytesPer * args[0].length);
        return Reflect.construct(Orig, args, new.target);
      },
    }[name];
    Object.setPrototypeOf(Guarded, Object.getPrototypeOf(Orig));
    for (const k of Reflect.ownKeys(Orig)) {
      if (k !== "prototype" && k !== "name" && k !== "length") Object.defineProperty(Guarded, k, Object.getOwnPropertyDescriptor(Orig, k));
    }
    Object.defineProperty(Guarded, "prototype", { value: Orig.prototype, writable: false, enumerable: false, configurable: false });
    Object.defineProperty(Guarded, "length", { value: Orig.length, configurable: true });
    Object.defineProperty(Orig.prototype, "constructor", { value: Guarded, writable: true, enumerable: false, configurable: true });
    def(name, Guarded);
  };
  guardCtor("ArrayBuffer", 1);
  for (const [name, size] of [["Int8Array", 1], ["Uint8Array", 1], ["Uint8ClampedArray", 1], ["Int16Array", 2], ["Uint16Array", 2],
    ["Int32Array", 4], ["Uint32Array", 4], ["Float32Array", 4], ["Float64Array", 8], ["BigInt64Array", 8], ["BigUint64Array", 8]]) {
    guardCtor(name, size);
  }

  // Every way into the regular expression engine is timed (see
  // regexp.go: a match cut short by its timeout ends the task).
  for (const key of ["exec", "test", Symbol.match, Symbol.matchAll, Symbol.replace, Symbol.search, Symbol.split]) {
    const orig = RegExp.prototype[key];
    const timed = {
      [key](...args) {
        const start = host.matchStarted();
        const r = Reflect.apply(orig, this, args);
        host.matchEnded(start);
        return r;
      },
    }[key];
    Object.defineProperty(timed, "length", { value: orig.length, configurable: true });
    Object.defineProperty(RegExp.prototype, key, { value: timed, writable: true, enumerable: false, configurable: true });
  }

  // workerd refuses to compile code from strings at run time. Each
  // function constructor is replaced by one that throws, sharing the
  // prototype so that instanceof and Function.prototype keep working.
  // While host.codegenAllowed() holds (the module graph's evaluation at
  // startup, from allow_eval_during_startup on) they compile, as eval
  // does (indirectly); Function() without arguments compiles anyway, and
  // eval() without one returns undefined.
  const noCodegen = () => new EvalError("Code generation from strings disallowed for this context");
  const codegenAllowed = () => host.codegenAllowed !== undefined && host.codegenAllowed();
  const RealFunction = Function;
  for (const ctor of [Function, (async function () {}).constructor, (function* () {}).constructor]) {
    const refused = function (...args) {
      if (codegenAllowed() || (ctor === RealFunction && args.length === 0)) return ctor(...args);
      throw noCodegen();
    };
    Object.defineProperty(refused, "name", { value: ctor.name, configurable: true });
    Object.defineProperty(refused, "length", { value: 1, configurable: true });
    Object.defineProperty(refused, "prototype", { value: ctor.prototype, writable: false, enumerable: false, configurable: false });
    Object.setPrototypeOf(refused, Object.getPrototypeOf(ctor));
    Object.defineProperty(ctor.prototype, "constructor", { value: refused, writable: false, enumerable: false, configurable: true });
    if (ctor === Function) def("Function", refused);
  }
  const realEval = global.eval;
  const evalRefused = function (x) {
    if (codegenAllowed()) return realEval(x);
    if (arguments.length === 0) return undefined;
    throw noCodegen();
  };
  Object.defineProperty(evalRefused, "name", { value: "eval", configurable: true });
  def("eval", evalRefused);
})(globalThis, __host);
