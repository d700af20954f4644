import { DurableObject } from "cloudflare:workers";

// Inside its extends clause a class expression's own name hides the import.
export const Own = class DurableObject extends DurableObject {}; // want "class Own ExtendsDO=unknown"

export const Named = class Other extends DurableObject {}; // want "do Named ExtendsDO=yes lib= bases=\\[do:DurableObject\\] bound=\\[\\]"

// An interface is no value to extend.
interface Shape {}
export class Typed extends Shape {} // want "class Typed ExtendsDO=unknown"
