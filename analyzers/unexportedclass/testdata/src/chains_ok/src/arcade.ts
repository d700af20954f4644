import { DurableObject } from "cloudflare:workers";
export default class Arcade extends DurableObject {}
