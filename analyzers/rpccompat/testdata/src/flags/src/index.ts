import { DurableObject } from "cloudflare:workers";

export class Counter extends DurableObject {
  add(n: number) {
    return n + 1;
  }
}

export default {
  async fetch(req: Request, env: any) {
    // The top level adds "rpc"; env off removes it.
    return new Response(String(await env.COUNTER.getByName("a").add(1))); // want `RPC is off for this script \(env off\): compatibility_date 2025-01-01`
  },
};
