import { DurableObject } from "cloudflare:workers";
export class Imported extends DurableObject {} // want `^class Imported is a facet$`

// A local agentTool is not the SDK's: Plain is no facet.
export class Plain extends DurableObject {}
function agentTool(c: unknown) { return c; }
agentTool(Plain);
