import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  fetch( {
}
export default { fetch: () => new Response("ok") };
