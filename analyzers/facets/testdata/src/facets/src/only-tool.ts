import { Agent, agentTool } from "agents";

export class Scribe extends Agent {} // want `^class Scribe is a facet$`
export const scribeTools = { scribe: agentTool(Scribe, { description: "scribe" }) }; // want `^facet Scribe \(class Scribe\)$`
