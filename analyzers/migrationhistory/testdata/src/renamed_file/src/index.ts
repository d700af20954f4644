import { DurableObject } from "cloudflare:workers";
export class Queue extends DurableObject {}
export default { fetch: () => new Response("ok") };
