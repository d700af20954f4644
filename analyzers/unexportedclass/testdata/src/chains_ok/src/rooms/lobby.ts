import { DurableObject } from "cloudflare:workers";
export class Lobby extends DurableObject {}
// Extends DurableObject but nothing binds it: no finding.
export class Spare extends DurableObject {}
class Hidden extends DurableObject {}
