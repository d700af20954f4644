import { DurableObject } from "cloudflare:workers";
export class Game extends DurableObject {}
