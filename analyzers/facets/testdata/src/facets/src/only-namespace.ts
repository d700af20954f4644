import { DurableObject } from "cloudflare:workers";

// This module's only candidate reaches Tally through ctx.exports by name.
export class Meter extends DurableObject {
  ping() {
    return this.ctx.exports.Tally.getByName("t");
  }
}
export class Tally extends DurableObject {} // want `^class Tally is reached as a namespace$`
