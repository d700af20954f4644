import { DurableObject } from "cloudflare:workers";
export class Other extends DurableObject {
  fetch() { return new Response("x"; }
}
export default { fetch: () => new Response("ok") };
