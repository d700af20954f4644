// Runs conformance scenarios against workerd through Miniflare and prints
// one JSON document with every step's observed result.
//
// usage: node driver.mjs --miniflare DIR --workers DIR [--jobs N] SCENARIO.json...
//
// DIR for --miniflare is a directory whose node_modules holds miniflare.
// Scenario files are described in the package documentation (doc.go).

import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";

function parseArgs(argv) {
  const opts = { jobs: 2, scenarios: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--miniflare") opts.miniflare = argv[++i];
    else if (a === "--workers") opts.workers = argv[++i];
    else if (a === "--jobs") opts.jobs = Number(argv[++i]);
    else opts.scenarios.push(a);
  }
  if (!opts.miniflare || !opts.workers) throw new Error("--miniflare and --workers are required");
  return opts;
}

// JSONC: drop comments outside strings and trailing commas.
export function parseJSONC(text) {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
    } else if (c === "/" && text[i + 1] === "*") {
      i = text.indexOf("*/", i + 2) + 1;
    } else out += c;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, "$1"));
}

function miniflareOptions(workersDir, worker, sc) {
  const dir = path.join(workersDir, worker);
  const cfg = parseJSONC(readFileSync(path.join(dir, "wrangler.jsonc"), "utf8"));
  const sqlite = new Set();
  for (const m of cfg.migrations || []) for (const c of m.new_sqlite_classes || []) sqlite.add(c);
  const durableObjects = {};
  for (const b of cfg.durable_objects?.bindings || []) {
    durableObjects[b.name] = { className: b.class_name, useSQLite: sqlite.has(b.class_name) };
  }
  return {
    modules: true,
    scriptPath: path.join(dir, cfg.main),
    modulesRoot: workersDir,
    modulesRules: [{ type: "ESModule", include: ["**/*.js"] }],
    compatibilityDate: sc.compatibilityDate ?? cfg.compatibility_date,
    compatibilityFlags: sc.compatibilityFlags ?? cfg.compatibility_flags ?? [],
    durableObjects,
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function readBody(res) {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return { text };
  }
}

class Conn {
  constructor(ws) {
    this.ws = ws;
    this.queue = [];
    this.waiters = [];
    ws.addEventListener("message", (e) => {
      const d = e.data;
      this.push(typeof d === "string" ? { text: d } : { binary: [...new Uint8Array(d)] });
    });
    ws.addEventListener("close", (e) => this.push({ close: { code: e.code, reason: e.reason } }));
    ws.accept();
  }
  push(ev) {
    const w = this.waiters.shift();
    if (w) w(ev);
    else this.queue.push(ev);
  }
  next(timeoutMs) {
    if (this.queue.length) return Promise.resolve(this.queue.shift());
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(done), 1);
        resolve({ none: true });
      }, timeoutMs);
      const done = (ev) => {
        clearTimeout(t);
        resolve(ev);
      };
      this.waiters.push(done);
    });
  }
}

async function runStep(mf, conns, step) {
  const base = "http://localhost";
  if (step.fetch !== undefined) {
    const init = { method: step.method || (step.body !== undefined ? "POST" : "GET") };
    if (step.body !== undefined) init.body = JSON.stringify(step.body);
    const res = await mf.dispatchFetch(base + step.fetch, init);
    return { status: res.status, body: await readBody(res) };
  }
  if (step.connect !== undefined) {
    const res = await mf.dispatchFetch(base + step.connect, { headers: { Upgrade: "websocket" } });
    if (!res.webSocket) return { status: res.status, body: await readBody(res) };
    conns[step.conn] = new Conn(res.webSocket);
    return { status: res.status };
  }
  if (step.send !== undefined) {
    const c = conns[step.send];
    if (step.binary) c.ws.send(new Uint8Array(step.binary));
    else c.ws.send(step.text);
    return null;
  }
  if (step.recv !== undefined) {
    return conns[step.recv].next(step.timeoutMs ?? 2000);
  }
  if (step.close !== undefined) {
    conns[step.close].ws.close(step.code ?? 1000, step.reason ?? "");
    return null;
  }
  if (step.sleep !== undefined) {
    await sleep(step.sleep);
    return null;
  }
  if (step.hibernate !== undefined) {
    // workerd has no eviction API: local workerd evicts an object after it
    // has been idle for about 10 seconds, so wait that out.
    await sleep(step.idleMs ?? 12000);
    return null;
  }
  throw new Error("unknown step kind: " + JSON.stringify(step));
}

async function runScenario(Miniflare, workersDir, file) {
  const sc = JSON.parse(readFileSync(file, "utf8"));
  const mf = new Miniflare(miniflareOptions(workersDir, sc.worker, sc));
  const conns = {};
  const steps = [];
  try {
    await mf.ready;
    for (const step of sc.steps) {
      let result;
      try {
        result = await runStep(mf, conns, step);
      } catch (e) {
        result = { driverError: String(e && e.message) };
      }
      steps.push({ id: step.id, result });
    }
  } finally {
    for (const c of Object.values(conns)) {
      try {
        c.ws.close(1000, "");
      } catch {}
    }
    await mf.dispose();
  }
  return { name: path.basename(file, ".json"), steps };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const req = createRequire(path.join(path.resolve(opts.miniflare), "package.json"));
  const { Miniflare } = req("miniflare");
  const version = req("miniflare/package.json").version;
  const results = new Array(opts.scenarios.length);
  let next = 0;
  async function worker() {
    while (next < opts.scenarios.length) {
      const i = next++;
      results[i] = await runScenario(Miniflare, path.resolve(opts.workers), opts.scenarios[i]);
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, opts.jobs) }, worker));
  process.stdout.write(JSON.stringify({ miniflare: version, scenarios: results }) + "\n");
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
