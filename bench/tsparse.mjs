// tsparse.mjs parses files with the TypeScript compiler's own parser and
// records, per file, what the jsast conformance tier compares against:
// whether the parser reported any syntax error, and the byte ranges of a few
// node kinds whose boundaries are easy to get subtly wrong.
//
// Usage:
//
//	node bench/tsparse.mjs --corpus DIR [--cache FILE] < file-list
//
// DIR is a directory whose node_modules holds the pinned typescript@5
// package. file-list holds one absolute path per line. Results are appended
// as JSON lines to FILE (default DIR/tsparse-<ts version>-v<schema>.jsonl),
// keyed by the SHA-256 of the file's bytes and the dialect it is parsed as,
// so unchanged files are never parsed twice. The cache path is printed on stdout when done.
//
// With --bench it instead times the parser alone over the listed files
// (read and decoded beforehand, parent pointers off, nothing collected) and
// prints MB/s (wall and per CPU second), as a peer figure for jsast's
// benchmark.
//
// Every offset is a UTF-8 byte offset into the file as stored on disk; the
// compiler counts UTF-16 code units, so offsets are converted before they
// are written. Files that are not valid UTF-8 cannot be mapped faithfully
// and are recorded with "invalidUTF8": true and no ranges.

import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as path from "node:path";

// Bump when the shape or meaning of a record changes, so stale caches are
// not read as current ones.
const SCHEMA = 1;

function parseArgs(argv) {
  const args = { corpus: "", cache: "", bench: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--bench") {
      args.bench = true;
    } else if ((a === "--corpus" || a === "--cache") && i + 1 < argv.length) {
      args[a.slice(2)] = argv[++i];
    } else {
      throw new Error(`tsparse: unknown argument ${JSON.stringify(a)}`);
    }
  }
  if (!args.corpus) throw new Error("tsparse: --corpus DIR is required");
  return args;
}

// kindOf names the dialect a file is parsed as. The same bytes parse
// differently as .js and as .ts, so records are keyed by content and kind.
function kindOf(file) {
  switch (path.extname(file).toLowerCase()) {
    case ".tsx":
      return "tsx";
    case ".jsx":
      return "jsx";
    case ".js":
    case ".mjs":
    case ".cjs":
      return "js";
    default:
      return "ts"; // .ts .mts .cts and their .d.* forms
  }
}

function scriptKind(ts, kind) {
  return { ts: ts.ScriptKind.TS, tsx: ts.ScriptKind.TSX, js: ts.ScriptKind.JS, jsx: ts.ScriptKind.JSX }[kind];
}

// utf8Offsets maps every UTF-16 index of text (and text.length) to the
// UTF-8 byte offset of the same position.
function utf8Offsets(text) {
  const map = new Uint32Array(text.length + 1);
  let off = 0;
  for (let i = 0; i < text.length; i++) {
    map[i] = off;
    const c = text.charCodeAt(i);
    if (c < 0x80) off += 1;
    else if (c < 0x800) off += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        // A surrogate pair is one 4-byte sequence; an offset can never
        // point between its halves, but give the low half a value anyway.
        map[i + 1] = off;
        off += 4;
        i++;
        continue;
      }
      off += 3;
    } else off += 3;
  }
  map[text.length] = off;
  return map;
}

function byRange(a, b) {
  return a[0] - b[0] || a[1] - b[1];
}

function collect(ts, sf, map) {
  const out = { classes: [], methods: [], calls: [], templates: [], strings: [] };
  const K = ts.SyntaxKind;
  const range = (n) => [map[n.getStart(sf)], map[n.end]];
  const visit = (n) => {
    switch (n.kind) {
      case K.ClassDeclaration:
      case K.ClassExpression:
        out.classes.push(range(n));
        break;
      case K.MethodDeclaration:
      case K.Constructor:
      case K.GetAccessor:
      case K.SetAccessor:
        if (n.parent && (n.parent.kind === K.ClassDeclaration || n.parent.kind === K.ClassExpression)) {
          out.methods.push(range(n));
        }
        break;
      case K.CallExpression:
        out.calls.push(range(n));
        break;
      case K.TemplateExpression:
      case K.NoSubstitutionTemplateLiteral:
        out.templates.push(range(n));
        break;
      case K.StringLiteral:
        out.strings.push(range(n));
        break;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  for (const k of Object.keys(out)) out[k].sort(byRange);
  return out;
}

function parseOne(ts, file, kind, bytes) {
  const text = bytes.toString("utf8");
  if (!Buffer.from(text, "utf8").equals(bytes)) {
    return { invalidUTF8: true, accepted: false };
  }
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(ts, kind));
  const map = utf8Offsets(text);
  const rec = { accepted: sf.parseDiagnostics.length === 0 };
  if (!rec.accepted) {
    const d = sf.parseDiagnostics[0];
    const lc = sf.getLineAndCharacterOfPosition(d.start);
    const lineStart = sf.getPositionOfLineAndCharacter(lc.line, 0);
    rec.error = {
      message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
      offset: map[d.start],
      line: lc.line + 1,
      // 1-based, in bytes, like the offsets.
      column: map[d.start] - map[lineStart] + 1,
    };
  }
  Object.assign(rec, collect(ts, sf, map));
  return rec;
}

function bench(ts) {
  const files = fs.readFileSync(0, "utf8").split("\n").filter((l) => l.trim() !== "");
  const inputs = files.map((f) => {
    const bytes = fs.readFileSync(f);
    return { f, kind: scriptKind(ts, kindOf(f)), text: bytes.toString("utf8"), size: bytes.length };
  });
  const total = inputs.reduce((n, x) => n + x.size, 0);
  const rounds = Number(process.env.TSPARSE_ROUNDS || 3);
  let best = Infinity;
  let bestCPU = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    for (const x of inputs) ts.createSourceFile(x.f, x.text, ts.ScriptTarget.Latest, false, x.kind);
    const c = process.cpuUsage(c0);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
    bestCPU = Math.min(bestCPU, (c.user + c.system) / 1e6);
  }
  // Best of the rounds: the first ones include the JIT warming up. CPU
  // time moves less than wall time with the load of other processes.
  const mb = total / 1e6;
  process.stdout.write(
    `typescript ${ts.version} createSourceFile: ${files.length} files, ${mb.toFixed(1)} MB, best of ${rounds}: ` +
      `${best.toFixed(2)} s, ${(mb / best).toFixed(2)} MB/s, ${(mb / bestCPU).toFixed(2)} cpu-MB/s\n`,
  );
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const corpus = path.resolve(args.corpus);
  const require = createRequire(path.join(corpus, "package.json"));
  const ts = require("typescript");
  if (!/^5\./.test(ts.version)) {
    throw new Error(`tsparse: want typescript@5 under ${corpus}, found ${ts.version}`);
  }
  if (args.bench) return bench(ts);
  const cache = path.resolve(args.cache || path.join(corpus, `tsparse-${ts.version}-v${SCHEMA}.jsonl`));

  const known = new Set();
  if (fs.existsSync(cache)) {
    for (const line of fs.readFileSync(cache, "utf8").split("\n")) {
      // A torn line (an interrupted earlier run) is skipped and redone.
      try {
        const r = JSON.parse(line);
        known.add(`${r.sha256}:${r.kind}`);
      } catch {}
    }
  }

  const files = fs.readFileSync(0, "utf8").split("\n").filter((l) => l.trim() !== "");
  const fd = fs.openSync(cache, "a");
  let parsed = 0;
  try {
    for (const file of files) {
      const bytes = fs.readFileSync(file);
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      const kind = kindOf(file);
      if (known.has(`${sha256}:${kind}`)) continue;
      known.add(`${sha256}:${kind}`);
      const rec = { sha256, kind, path: file, ts: ts.version, ...parseOne(ts, file, kind, bytes) };
      // One write per record: O_APPEND keeps concurrent writers' lines whole.
      fs.writeSync(fd, JSON.stringify(rec) + "\n");
      parsed++;
    }
  } finally {
    fs.closeSync(fd);
  }
  process.stderr.write(`tsparse: typescript ${ts.version}: ${parsed} parsed, ${files.length - parsed} cached\n`);
  process.stdout.write(cache + "\n");
}

try {
  main();
} catch (e) {
  process.stderr.write(String(e && e.stack ? e.stack : e) + "\n");
  process.exit(1);
}
