import { DurableObject } from "cloudflare:workers";

type Ctor = abstract new (...args: any[]) => object;

export function makeRoom(kind: string) {
  return class extends DurableObject {
    kind = kind;
  };
}

export const withLogging = <T extends Ctor>(B: T) =>
  class extends B {
    log(msg: string) {
      console.log(msg);
    }
  };
