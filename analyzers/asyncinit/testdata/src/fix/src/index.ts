import { DurableObject } from "cloudflare:workers";

interface Env {
  KV: KVNamespace;
}

export class A extends DurableObject<Env> {
  config?: string;
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.load().catch((err) => console.error(err)); // want `the constructor of A starts this.load\(\).catch`
  }
  async load() {
    this.config = (await this.env.KV.get("config")) ?? "";
  }
  async fetch() {
    return new Response(this.config);
  }
}

export class B extends DurableObject<Env> {
  ready: Promise<void>;
  config?: string;
  constructor(state: DurableObjectState, env: Env) {
    super(state, env);
    this.ready = env.KV.get("config").then((c) => { // want `the constructor of B starts env.KV.get`
      this.config = c ?? "";
    });
  }
  async fetch() {
    return new Response(this.config);
  }
}

// The legacy form: the state is the constructor's parameter.
export class C {
  config?: string;
  constructor(private state: DurableObjectState, private env: Env) {
    void this.load(); // want `the constructor of C starts this.load\(\)`
  }
  async load() {
    this.config = (await this.env.KV.get("config")) ?? "";
  }
  async fetch() {
    return new Response(this.config);
  }
}

export default { fetch: () => new Response("ok") };
