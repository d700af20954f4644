import { DurableObject } from "cloudflare:workers";
export class Imported extends DurableObject {} // want `^class Imported is a facet$`
