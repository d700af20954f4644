import { DurableObject } from "cloudflare:workers";

class Room extends DurableObject {}

export default { fetch: () => new Response(String(Room)) };
