import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {}
