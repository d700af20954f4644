import { DurableObject } from "cloudflare:workers";
export class Cart extends DurableObject {}
export class Inventory extends DurableObject {}
export class Tax extends DurableObject {}
export class Vat extends DurableObject {}
export default { fetch: () => new Response("ok") };
