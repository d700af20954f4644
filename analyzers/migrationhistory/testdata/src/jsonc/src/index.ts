import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {}
export class Hall extends DurableObject {}
export default { fetch: () => new Response("ok") };
