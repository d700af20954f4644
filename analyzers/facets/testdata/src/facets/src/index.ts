import { DurableObject, exports as workerExports } from "cloudflare:workers";
import { Agent, agentTool } from "agents";
import { Imported } from "./imported";

export { Imported };

export class Parent extends DurableObject {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // A block body that returns the options, and a props-bearing class.
    ctx.facets.get("b", () => { // want `^facet Other \(class Other\)$`
      return { class: ctx.exports.Other({ props: { n: 1 } }) };
    });
  }

  child() {
    return this.ctx.facets.get("a", () => ({ class: this.ctx.exports.Child })); // want `^facet Child \(class Child\)$`
  }

  imported() {
    return this.ctx.facets.get("c", async () => ({ class: Imported })); // want `^facet Imported \(class Imported\)$`
  }

  viaLocal() {
    const cls = this.ctx.exports.Local;
    return this.ctx.facets.get("l", () => ({ class: cls })); // want `^facet Local \(class Local\)$`
  }

  fromModuleExports() {
    return this.ctx.facets.get("d", () => ({ class: workerExports["Viewer"] })); // want `^facet Viewer \(class Viewer\)$`
  }

  notFacets(cache: Map<string, unknown>, loader: any) {
    // A get() on something else, and a class the code loads at run time.
    cache.get("x", () => ({ class: Child }));
    this.ctx.facets.get("e", () => ({ class: loader.get("app").getDurableObjectClass("App") })); // want `^facet \?$`
    // Reached as a namespace: a top-level object, not a facet.
    return this.ctx.exports.Counter.getByName("main");
  }
}

export class Child extends DurableObject {} // want `^class Child is a facet$`
export class Other extends DurableObject {} // want `^class Other is a facet$`
export class Viewer extends DurableObject {} // want `^class Viewer is a facet$`
export class Local extends DurableObject {} // want `^class Local is a facet$`
export class Counter extends DurableObject {} // want `^class Counter is reached as a namespace$`

export class Orchestrator extends Agent {
  async run() {
    const r = await this.subAgent(Researcher, "r1"); // want `^facet Researcher \(class Researcher\)$`
    return r.search("q");
  }
}

export class Researcher extends Agent {} // want `^class Researcher is a facet$`
export class Writer extends Agent {} // want `^class Writer is a facet$`
export class Critic extends Agent {} // want `^class Critic is a facet$`

export class Editor extends Agent {
  review(draft: string) {
    return this.runAgentTool(Critic, { input: draft }); // want `^facet Critic \(class Critic\)$`
  }
}

export const tools = { write: agentTool(Writer, { description: "write" }) }; // want `^facet Writer \(class Writer\)$`

// subAgent on a class that is no Agent is someone else's method.
export class Helper extends DurableObject {
  subAgent(c: unknown, n: string) { return [c, n]; }
  run() { return this.subAgent(Child, "x"); }
}

// Modules that each hold one kind of candidate only.
export { Meter, Tally } from "./only-namespace";
export { Boss, Aide } from "./only-subagent";
export { Scribe, scribeTools } from "./only-tool";
export { Host, Guest } from "./only-get";

export default { fetch: () => new Response("ok") };
