import { DurableObject } from "cloudflare:workers";

type Ctor = abstract new (...args: any[]) => object;

export function makeRoom(kind: string) {
  return class extends DurableObject { // want "do Room ExtendsDO=yes lib= bases=\\[do:DurableObject\\] bound=\\[ROOM\\]"
    kind = kind;
  };
}

export const withLogging = <T extends Ctor>(B: T) =>
  class extends B { // want "do Lobby ExtendsDO=yes lib= bases=\\[class:Base do:DurableObject\\] bound=\\[LOBBY\\]"
    log(msg: string) {
      console.log(msg);
    }
  };
