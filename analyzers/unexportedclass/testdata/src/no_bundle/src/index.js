import { DurableObject } from "cloudflare:workers";
class Counter extends DurableObject {}
export default { fetch: () => new Response("ok") };
