import { DurableObject } from "cloudflare:workers";
export class Notes extends DurableObject {}
export class Search extends DurableObject {}
export default { fetch: () => new Response("ok") };
