import { DurableObject } from "cloudflare:workers";
export class Chat extends DurableObject {}
