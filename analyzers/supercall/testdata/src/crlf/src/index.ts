import { DurableObject } from "cloudflare:workers";

export class Counter extends DurableObject {
	constructor(ctx: DurableObjectState, env: unknown) { // want `never calls super`
		console.log("hi");
	}
}

export class Empty extends DurableObject {
	constructor(ctx: DurableObjectState, env: unknown) {} // want `never calls super`
}

export default { fetch: () => new Response("ok") };
