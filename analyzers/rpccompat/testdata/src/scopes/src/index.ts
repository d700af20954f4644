import { DurableObject } from "cloudflare:workers";
import { nested, loops, caught, classes, vars, reassigned } from "./shadow";

export class Legacy {
  constructor(private state: DurableObjectState, private env: unknown) {}
  async fetch() {
    return new Response("ok");
  }
  ping() {
    return "pong";
  }
}

export class Modern extends DurableObject {
  ping() {
    return "pong";
  }
}

// Each if block declares its own stub: a call is judged by the stub of
// its own block, whichever block comes first.
export default {
  async fetch(req: Request, env: any) {
    const url = new URL(req.url);
    if (url.pathname === "/modern") {
      const stub = env.MODERN.getByName("a");
      return new Response(await stub.ping());
    }
    if (url.pathname === "/legacy") {
      const stub = env.LEGACY.getByName("a");
      return new Response(await stub.ping()); // want `ping\(\) is an RPC call on a LEGACY stub, but class Legacy does not extend DurableObject`
    }
    if (url.pathname === "/modern-again") {
      const stub = env.MODERN.getByName("b");
      return new Response(await stub.ping());
    }
    return nested(env) && loops(env, []) && caught(env) && classes(env) && vars(env, true) && reassigned(env, true);
  },
};
