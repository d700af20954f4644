import { DurableObject } from "cloudflare:workers";
export class Match extends DurableObject {}
export class Lobby extends DurableObject {}
export class Player extends DurableObject {}
export default { fetch: () => new Response("ok") };
