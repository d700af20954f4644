import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {}
export const helper = () => "hi";
