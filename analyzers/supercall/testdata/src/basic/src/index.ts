import { DurableObject } from "cloudflare:workers";
import { Base } from "./base";

interface Env {
  KV: KVNamespace;
}

export class NoEnv extends DurableObject<Env> {
  constructor(state: DurableObjectState, bindings: Env) {
    super(state); // want `super\(state\) does not pass env: the DurableObject constructor throws "TypeError: Failed to construct 'DurableObjectBase': constructor parameter 2 is not of type 'JsObject'.", so NoEnv is never constructed and every request to it fails; call super\(ctx, env\)`
    void bindings;
  }
}

export class Empty extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(); // want `super\(\) does not pass env: the DurableObject constructor throws "TypeError: Failed to construct 'DurableObjectBase': constructor parameter 1 is not of type 'DurableObjectState'."`
  }
}

export class OneParam extends DurableObject<Env> {
  constructor(ctx: DurableObjectState) {
    super(ctx); // want `super\(ctx\) does not pass env`
  }
}

export class Missing extends DurableObject<Env> {
  count = 0;
  constructor(ctx: DurableObjectState, env: Env) { // want `the constructor of Missing never calls super\(ctx, env\): constructing the object throws "ReferenceError: Must call super constructor in derived class before accessing 'this' or returning from derived constructor"`
    console.log("starting");
  }
}

// Through a base class of the graph.
export class Derived extends Base {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx); // want `super\(ctx\) does not pass env: .*parameter 2 .*, so Derived is never constructed`
  }
}

export class Fine extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    const started = Date.now();
    super(ctx, env);
    this.ctx.blockConcurrencyWhile(async () => {
      await this.ctx.storage.put("started", started);
    });
  }
}

export class Spread extends DurableObject<Env> {
  constructor(...args: [DurableObjectState, Env]) {
    super(...args);
  }
}

export class NoConstructor extends DurableObject<Env> {}

// Legacy classes have no base class to call.
export class Legacy {
  constructor(private state: DurableObjectState, private env: Env) {}
}

// Not a Durable Object: the rule does not apply.
class Other extends Error {
  constructor(message: string) {
    super(message);
  }
}

export default { fetch: () => new Response(String(Other)) };
