import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {
  async fetch() {
    const x = { a: 1, ; // want "wrangler cannot bundle"
    return new Response("ok");
  }
}
