import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {}
export class RateLimiter extends DurableObject {}
export default { fetch: () => new Response("ok") };
