import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {}
export class Limiter extends DurableObject {}
export class Meter extends DurableObject {}
export default { fetch: () => new Response("ok") };
