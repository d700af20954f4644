import { DurableObject } from "cloudflare:workers";

export class Counter extends DurableObject {}

export default {
  async fetch(request: Request, env: any) {
    return env.COUNTER.getByName("test").fetch(request);
  },
};
