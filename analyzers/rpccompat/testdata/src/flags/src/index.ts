import { DurableObject } from "cloudflare:workers";

export class Counter extends DurableObject {
  add(n: number) {
    return n + 1;
  }
}

export default {
  async fetch(req: Request, env: any) {
    // The top level adds "rpc"; env off removes it, though its date is late enough.
    return new Response(String(await env.COUNTER.getByName("a").add(1))); // want `RPC is off for this script \(env off\): compatibility_flags holds "no_rpc", which turns RPC off, so the call throws "TypeError: env.COUNTER.getByName\(\.\.\.\)\.add is not a function"; remove "no_rpc" from compatibility_flags`
  },
};
