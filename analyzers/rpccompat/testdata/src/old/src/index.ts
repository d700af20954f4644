import { DurableObject } from "cloudflare:workers";
import { route, hono, viaHelper } from "./route";

export class Counter extends DurableObject {
  add(n: number) {
    return n + 1;
  }
  async peer() {
    return this.env.COUNTER.get(this.env.COUNTER.idFromName("peer")).add(1); // want `add\(\) is an RPC call on a COUNTER stub, but RPC is off for this script: compatibility_date 2024-04-02 is before 2024-04-03 and compatibility_flags does not add "rpc", so the call throws "TypeError: this.env.COUNTER.get\(...\).add is not a function"`
  }
}

export default {
  async fetch(req: Request, env: any) {
    const id = env.COUNTER.idFromName("a");
    const stub = env.COUNTER.get(id);
    await stub.add(1); // want `"TypeError: stub.add is not a function"`
    const { COUNTER } = env;
    await COUNTER.getByName("b").add(2); // want `"TypeError: COUNTER.getByName\(...\).add is not a function"`
    // fetch and connect are not RPC; ids and namespaces are not stubs.
    await stub.fetch(req);
    id.toString();
    env.COUNTER.idFromString("00");
    // Not a Durable Object namespace.
    await env.OTHER.get("key");
    const other = { get: (k: string) => ({ add: (n: number) => n }) };
    other.get("x").add(1);
    return route(env) && hono({ env }) && viaHelper(env);
  },
};
