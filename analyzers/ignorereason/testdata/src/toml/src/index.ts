import { DurableObject } from "cloudflare:workers";
export class A extends DurableObject {}
export class B extends DurableObject {}
export class C extends DurableObject {}
export class D extends DurableObject {}
export default { fetch() { return new Response("ok"); } };
