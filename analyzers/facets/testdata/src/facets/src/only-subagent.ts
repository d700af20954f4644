import { Agent } from "agents";

export class Boss extends Agent {
  plan() {
    return this.subAgent(Aide, "a1"); // want `^facet Aide \(class Aide\)$`
  }
}
export class Aide extends Agent {} // want `^class Aide is a facet$`
