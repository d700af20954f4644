import { DurableObject } from "cloudflare:workers";

interface Env {
  KV: KVNamespace;
  PEER: DurableObjectNamespace<Peer>;
  AUTH: Fetcher;
}

// A .then callback fills the field once the KV read answers.
export class Chain extends DurableObject<Env> {
  flags: Record<string, boolean> = {};
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    env.KV.get("flags", "json").then((v) => { // want `the constructor of Chain starts env.KV.get\("flags", "json"\).then\(\(v\) ... without blockConcurrencyWhile\(\) and does not wait for it; this.flags is set only after env.KV.get\(\), which unlike storage does not hold the object's input gate, so fetch\(\) can run first and read this.flags before it is set`
      this.flags = (v as Record<string, boolean>) ?? {};
    });
  }
  async fetch() {
    return Response.json(this.flags);
  }
}

// An async method, started and dropped; storage first, then the network.
export class Method extends DurableObject<Env> {
  user?: string;
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    void this.load(); // want `this.user is set only after fetch\(\).*so whoami\(\) can run first`
  }
  async load() {
    const token = await this.ctx.storage.get<string>("token");
    const res = await fetch("https://auth.example.com/me", { headers: { authorization: `${token}` } });
    this.user = await res.text();
  }
  whoami() {
    return this.user ?? "nobody";
  }
}

// The promise is kept, but the handler never waits for it.
export class Kept extends DurableObject<Env> {
  ready: Promise<void>;
  peerName?: string;
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.ready = this.init(); // want `starts this.init\(\) without blockConcurrencyWhile\(\).*this.peerName is set only after this.env.PEER.getByName\("hub"\).name\(\), which`
  }
  async init() {
    await this.connect();
  }
  async connect() {
    this.peerName = await this.env.PEER.getByName("hub").name();
  }
  async fetch() {
    return new Response(this.peerName);
  }
}

// Storage reads hold the input gate: requests wait for them (observed).
export class StorageOnly extends DurableObject<Env> {
  count = 0;
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.get<number>("count").then((n) => { this.count = n ?? 0; });
    this.load();
  }
  async load() {
    const rows = this.ctx.storage.sql.exec("SELECT 1").toArray();
    this.count = (await this.ctx.storage.get<number>("count")) ?? rows.length;
  }
  async fetch() {
    return new Response(String(++this.count));
  }
}

// Every reader waits for the kept promise, directly or through a helper.
export class Awaited extends DurableObject<Env> {
  ready: Promise<void>;
  config?: string;
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.ready = this.load();
  }
  async load() {
    this.config = (await this.env.KV.get("config")) ?? "";
  }
  async fetch() {
    await this.ready;
    return new Response(this.config);
  }
  async get() {
    await this.ensure();
    return this.config;
  }
  private async ensure() {
    await this.ready;
  }
}

// The constructor holds events back until the promise settles.
export class Held extends DurableObject<Env> {
  ready: Promise<void>;
  config?: string;
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.ready = this.load();
    ctx.blockConcurrencyWhile(() => this.ready);
    ctx.blockConcurrencyWhile(async () => {
      this.config = (await env.KV.get("config")) ?? "";
    });
  }
  async load() {
    this.config = (await this.env.KV.get("config")) ?? "";
  }
  async fetch() {
    return new Response(this.config);
  }
}

// A timer lets requests in as fetch() does.
export class Timer extends DurableObject<Env> {
  warm = false;
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    scheduler.wait(100).then(() => { this.warm = true; }); // want `this.warm is set only after scheduler.wait\(\)`
    new Promise((r) => setTimeout(r, 10)).then(() => this.tick()); // the callback calls a method that sets nothing
  }
  tick() {}
  async alarm() {
    if (!this.warm) throw new Error("cold");
  }
}

// Stubs are made without I/O; an unknown helper is not guessed at.
export class Peer extends DurableObject<Env> {
  stub?: DurableObjectStub<Peer>;
  name2?: string;
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.setup();
    loadName(env).then((n) => { this.name2 = n; });
  }
  async setup() {
    const id = this.env.PEER.idFromName("x");
    this.stub = await this.env.PEER.get(id);
  }
  async name() {
    return this.name2 ?? String(this.stub);
  }
}

async function loadName(env: Env) {
  return (await env.AUTH.fetch("https://auth/name")).text();
}

// The reader loads the value itself when it is missing.
export class Lazy extends DurableObject<Env> {
  config?: string;
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.load();
  }
  async load() {
    this.config = (await this.env.KV.get("config")) ?? "";
  }
  async fetch() {
    this.config ??= (await this.env.KV.get("config")) ?? "";
    return new Response(this.config);
  }
}

export default { fetch: () => new Response("ok") };

// The callback and the constructor run the reading methods themselves:
// no request is involved.
export class Render extends DurableObject<Env> {
  html?: string;
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    env.KV.get("tpl").then((t) => {
      this.html = t ?? "";
      this.render();
    });
    this.log();
  }
  render() {
    return this.html?.length;
  }
  log() {
    console.log(this.html);
  }
}

// The reader falls back to a helper that loads the value itself.
export class Fallback extends DurableObject<Env> {
  cache?: string;
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    void this.warm();
  }
  async warm() {
    this.cache = (await this.env.KV.get("c")) ?? "";
  }
  async fetch() {
    return new Response(this.cache ?? (await this.refresh()));
  }
  async refresh() {
    this.cache = (await this.env.KV.get("c")) ?? "";
    return this.cache;
  }
}
