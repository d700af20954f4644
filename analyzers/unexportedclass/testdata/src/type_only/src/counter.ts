import { DurableObject } from "cloudflare:workers";
export class Counter extends DurableObject {}
export class Other extends DurableObject {}
