import { DurableObject } from "cloudflare:workers";

export class Room extends DurableObject {}

// "export default" in a comment or a string does not make a module Worker.
const note = "export default { fetch }";

self.addEventListener("fetch", (event: FetchEvent) => {
  event.respondWith(new Response(note));
});
