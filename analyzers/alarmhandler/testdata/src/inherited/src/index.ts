import { DurableObject } from "cloudflare:workers";
import { Agent } from "agents";
import { WithAlarm, Plain } from "./base";

declare function withTimers<T>(base: T): T;

// alarm() comes from a base class in another module.
export class Child extends WithAlarm {
  go() {
    return this.ctx.storage.setAlarm(Date.now());
  }
}

// A library base class may define alarm() (the agents SDK does).
export class Bot extends Agent {
  go() {
    return this.ctx.storage.setAlarm(Date.now());
  }
}

// A mixin may add alarm().
export class Mixed extends withTimers(DurableObject) {
  go() {
    return this.ctx.storage.setAlarm(Date.now());
  }
}

// No alarm() anywhere up the chain.
export class Bare extends Plain {
  go() {
    return this.ctx.storage.setAlarm(Date.now()); // want "setAlarm in Bare, which has no alarm"
  }
}

export class Handlerless extends DurableObject {
  // Misspelled: the runtime looks for alarm.
  async alarms() {}
  go() {
    return this.ctx.storage.setAlarm(Date.now()); // want "setAlarm in Handlerless"
  }
}

export default { fetch: () => new Response("ok") };
