import { DurableObject } from "cloudflare:workers"; // want "cloudflare:workers builtin"
export class Room extends DurableObject {}
