import { DurableObject } from "cloudflare:workers";

export class Counter extends DurableObject {
  add(n: number) {
    return n + 1;
  }
}

export default {
  async fetch(req: Request, env: any) {
    return new Response(String(await env.COUNTER.getByName("a").add(1))); // want `compatibility_date 2024-02-01 is before 2024-04-03`
  },
};
