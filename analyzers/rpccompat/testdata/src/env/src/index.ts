import { DurableObject } from "cloudflare:workers";

export class Counter extends DurableObject {
  add(n: number) {
    return n + 1;
  }
}

export default {
  async fetch(req: Request, env: any) {
    // The top level is too old; env production is fine. Reported once.
    return new Response(String(await env.COUNTER.getByName("a").add(1))); // want `RPC is off for this script: compatibility_date 2023-12-01`
  },
};
