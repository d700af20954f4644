import { DurableObject } from "cloudflare:workers";

interface Env {
  KV: KVNamespace;
  AUTH: Fetcher;
  PEER: DurableObjectNamespace<Peer>;
  DB: D1Database;
}

export class Room extends DurableObject<Env> {
  data: unknown;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      const res = await fetch("https://example.com/seed"); // want `fetch\(\) awaited inside blockConcurrencyWhile\(\): no other event reaches the object while it waits on the network, and after 30 s the runtime fails with "Error: A call to blockConcurrencyWhile\(\) in a Durable Object waited for too long. The call was canceled and the Durable Object was reset." and resets the object`
      this.data = await res.json();
      await env.AUTH.fetch("https://auth/check"); // want `env.AUTH.fetch\(\) awaited inside`
      await env.KV.get("seed"); // want `env.KV.get\(\) awaited inside`
      const id = env.PEER.idFromName("main");
      const peer = env.PEER.get(id);
      // A namespace's get() makes a stub without I/O, awaited or not.
      await env.PEER.get(id);
      await peer.hello(); // want `RPC call peer.hello\(\) awaited inside`
      await this.env.PEER.getByName("x").hello(); // want `RPC call this.env.PEER.getByName\("x"\).hello\(\)`
      await env.DB.prepare("SELECT 1").all(); // want `env.DB.prepare\("SELECT 1"\).all\(\) awaited`
      await Promise.all(["a", "b"].map((u) => fetch(u))); // want `fetch\(\) awaited inside`
      await fetch("https://example.com").then((r) => r.text()); // want `fetch\(\) awaited inside`

      // Storage is what the critical section is for.
      this.data = await ctx.storage.get("data");
      await this.ctx.storage.put("data", 1);
      this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS t (x)");
      // Not waited for: the critical section does not hold on to these.
      void fetch("https://example.com/ping");
      setTimeout(() => fetch("https://example.com/later"), 0);
      // fetch("https://example.com") in a comment.
    });
  }

  async load() {
    await this.ctx.blockConcurrencyWhile(() => fetch("https://example.com")); // want `fetch\(\) awaited inside`
    await this.ctx.blockConcurrencyWhile(async () => {
      await this.refresh();
    });
    await this.ctx.blockConcurrencyWhile(this.init.bind(this));
    await this.ctx.blockConcurrencyWhile(async () => {
      return peerCall(this.env);
    });
  }

  async refresh() {
    const r = await fetch("https://example.com/refresh"); // want `fetch\(\) awaited in this.refresh\(\), which blockConcurrencyWhile\(\) waits for`
    return r.ok;
  }

  async init() {
    return this.env.AUTH.fetch("https://auth/init"); // want `this.env.AUTH.fetch\(\) awaited in this.init\(\)`
  }

  // Outside any critical section.
  async fetch() {
    return fetch("https://example.com");
  }
}

// A function outside the class is not followed.
async function peerCall(env: Env) {
  return env.PEER.getByName("x").hello();
}

export class Peer extends DurableObject<Env> {
  hello() {
    return "hi";
  }
}

export class Legacy {
  constructor(private state: DurableObjectState, private env: Env) {
    state.blockConcurrencyWhile(async () => {
      await env.KV.put("k", "v"); // want `env.KV.put\(\) awaited inside`
    });
  }
}

// Shaped like a Durable Object, but neither bound nor derived from
// DurableObject: not checked.
export class Cache {
  constructor(private state: DurableObjectState) {
    state.blockConcurrencyWhile(async () => {
      await fetch("https://example.com/warm");
    });
  }
}

export default { fetch: () => new Response("ok") };
