import { DurableObject } from "cloudflare:workers";

export class Counter extends DurableObject {
  add(n: number) {
    return n + 1;
  }
}

export default {
  async fetch(req: Request, env: any) {
    // Without a compatibility_date only the flags are judged: no_rpc turns RPC off at any date.
    return new Response(String(await env.COUNTER.getByName("a").add(1))); // want `RPC is off for this script: compatibility_flags holds "no_rpc"`
  },
};
