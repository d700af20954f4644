// Measures workerd through Miniflare on the benchmark Worker and prints one
// JSON line: cold start (construct, ready, first object request) and warm
// per-request latency for an object fetch and an RPC call, in milliseconds.
//
// usage: node miniflare.mjs MINIFLARE_DIR WORKER_DIR N
import { createRequire } from "node:module";
import path from "node:path";

const [mfDir, workerDir, nArg] = process.argv.slice(2);
const n = Number(nArg || 200);
const { Miniflare } = createRequire(path.join(path.resolve(mfDir), "package.json"))("miniflare");

const options = {
  modules: true,
  scriptPath: path.join(path.resolve(workerDir), "src/index.js"),
  compatibilityDate: "2025-09-01",
  durableObjects: { COUNTER: { className: "Counter", useSQLite: true } },
};

async function timeRequests(mf, url, count) {
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const res = await mf.dispatchFetch(url);
    await res.arrayBuffer();
  }
  return (performance.now() - t0) / count;
}

const t0 = performance.now();
const mf = new Miniflare(options);
await mf.ready;
const first = await mf.dispatchFetch("http://localhost/");
await first.json();
const cold = performance.now() - t0;

await timeRequests(mf, "http://localhost/", 20);
await timeRequests(mf, "http://localhost/rpc", 20);
const fetchMs = await timeRequests(mf, "http://localhost/", n);
const rpcMs = await timeRequests(mf, "http://localhost/rpc", n);
await mf.dispose();
console.log(JSON.stringify({ coldMs: cold, fetchMs, rpcMs, n }));
