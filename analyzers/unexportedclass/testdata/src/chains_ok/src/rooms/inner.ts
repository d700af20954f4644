import { DurableObject } from "cloudflare:workers";
export class Inner extends DurableObject {}
