import { DurableObject } from "cloudflare:workers";
export class Harness extends DurableObject {}
export default { fetch: () => new Response("test") };
