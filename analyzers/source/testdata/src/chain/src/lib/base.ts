import { DurableObject } from "cloudflare:workers";

export abstract class Base<E> extends DurableObject<E> { // want "do Base ExtendsDO=yes lib= bases=\\[do:DurableObject\\] bound=\\[\\]"
  protected log(msg: string) {}
}

// Not a Durable Object: nothing binds it and it extends nothing.
export class Helper {} // want "class Helper ExtendsDO=no"
