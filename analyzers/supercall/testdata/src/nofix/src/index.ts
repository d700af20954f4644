import { DurableObject } from "cloudflare:workers";
import { Mystery } from "some-package";

export class Early extends DurableObject {
  ready: boolean;
  constructor(ctx: DurableObjectState, env: unknown) {
    this.ready = false; // want `this is used before super\(\) in the constructor of Early: constructing the object throws "ReferenceError: Must call super constructor`
    super(ctx, env);
  }
}

// No Env type argument to type an added parameter with.
export class Untyped extends DurableObject {
  constructor(ctx: DurableObjectState) {
    super(ctx); // want `super\(ctx\) does not pass env`
  }
}

// No parameters to pass.
export class Bare extends DurableObject {
  constructor() { // want `the constructor of Bare never calls super`
  }
}

// An arrow function shares the constructor's this; using it before
// super() is fine as long as it runs later.
export class Arrow extends DurableObject {
  constructor(ctx: DurableObjectState, env: unknown) {
    const later = () => this.ctx.id;
    super(ctx, env);
    later();
  }
}

// A class from a package that is not followed might be anything.
export class External extends Mystery {
  constructor(ctx: DurableObjectState) {
    super(ctx);
  }
}

export default { fetch: () => new Response("ok") };
