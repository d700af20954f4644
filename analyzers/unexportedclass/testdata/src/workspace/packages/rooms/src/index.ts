import { DurableObject } from "cloudflare:workers";
export class Room extends DurableObject {}
export class Lobby extends DurableObject {}
