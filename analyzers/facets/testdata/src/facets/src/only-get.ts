import { DurableObject } from "cloudflare:workers";

export class Host extends DurableObject {
  open() {
    return this.ctx.facets.get("g", () => ({ class: Guest })); // want `^facet Guest \(class Guest\)$`
  }
}
export class Guest extends DurableObject {} // want `^class Guest is a facet$`
