import { DurableObject } from "cloudflare:workers";

export class Counter extends DurableObject {
  constructor(ctx) {
    super(ctx); // want `super\(ctx\) does not pass env`
  }
}

export default { fetch: () => new Response("ok") };
