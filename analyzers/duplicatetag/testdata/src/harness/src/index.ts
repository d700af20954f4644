import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {}
export class Tally extends DurableObject {}
export default { fetch: () => new Response("ok") };
