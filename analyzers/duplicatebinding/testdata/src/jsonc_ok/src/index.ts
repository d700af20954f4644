import { DurableObject } from "cloudflare:workers";
export class ChatRoom extends DurableObject {}
export class Presence extends DurableObject {}
export default { fetch: () => new Response("ok") };
