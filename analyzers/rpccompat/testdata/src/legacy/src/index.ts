import { DurableObject } from "cloudflare:workers";

export class Legacy {
  constructor(private state: DurableObjectState, private env: unknown) {}
  async fetch() {
    return new Response("ok");
  }
  add(n: number) {
    return n + 1;
  }
}

export class Modern extends DurableObject {
  add(n: number) {
    return n + 1;
  }
}

export default {
  async fetch(req: Request, env: any) {
    const legacy = env.LEGACY.getByName("a");
    await legacy.fetch(req);
    await legacy.add(1); // want `add\(\) is an RPC call on a LEGACY stub, but class Legacy does not extend DurableObject: the call rejects with "TypeError: The receiving Durable Object does not support RPC, because its class was not declared with .extends DurableObject.. In order to enable RPC`
    await env.MODERN.getByName("a").add(1);
    // Another script's class: its declaration is not here.
    await env.REMOTE.getByName("a").add(1);
    return new Response("ok");
  },
};
