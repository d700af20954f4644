import { DurableObject } from "cloudflare:workers";
import { Base } from "@acme/durable-base";
import { Gone } from "./not-there";
import { register } from "@acme/register";
import { installAlarm, describe, Scheduler, Meter } from "./install";

declare function applyMixins(target: Function, mixins: Function[]): void;

// Handlers installed while the object is constructed, which is when workerd
// looks for them: dolint cannot be sure there is none, so it is silent.
export class Assigned extends DurableObject {
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    (this as any).alarm = async () => {};
  }
  go() {
    return this.ctx.storage.setAlarm(Date.now() + 1000);
  }
}

export class Defined extends DurableObject {
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    Object.defineProperty(this, "alarm", { value: async () => {} });
  }
  go() {
    return this.ctx.storage.setAlarm(Date.now() + 1000);
  }
}

export class Field extends DurableObject {
  alarm = makeHandler();
  go() {
    return this.ctx.storage.setAlarm(Date.now() + 1000);
  }
}

function makeHandler() {
  return async () => {};
}

export class OnPrototype extends DurableObject {
  go() {
    return this.ctx.storage.setAlarm(Date.now() + 1000);
  }
}
OnPrototype.prototype.alarm = async function () {};

export class DefinedOnPrototype extends DurableObject {
  go() {
    return this.ctx.storage.setAlarm(Date.now() + 1000);
  }
}
Object.defineProperty(DefinedOnPrototype.prototype, "alarm", { value: async () => {} });

export class Mixed extends DurableObject {
  go() {
    return this.ctx.storage.setAlarm(Date.now() + 1000);
  }
}
applyMixins(Mixed, []);

export class Helped extends DurableObject {
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    installAlarm(this);
  }
  go() {
    return this.ctx.storage.setAlarm(Date.now() + 1000);
  }
}

export class Registered extends DurableObject {
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    register(this);
  }
  go() {
    return this.ctx.storage.setAlarm(Date.now() + 1000);
  }
}

export class Scheduled extends DurableObject {
  scheduler = new Scheduler(this);
  go() {
    return this.ctx.storage.setAlarm(Date.now() + 1000);
  }
}

const key = "al" + "arm";
export class Computed extends DurableObject {
  async [key]() {}
  go() {
    return this.ctx.storage.setAlarm(Date.now() + 1000);
  }
}

// Bases dolint cannot read may define alarm().
export class FromPackage extends Base {
  go() {
    return this.ctx.storage.setAlarm(Date.now() + 1000);
  }
}

export class FromMissing extends Gone {
  go() {
    return this.ctx.storage.setAlarm(Date.now() + 1000);
  }
}

// Handing the object to code that is seen to add nothing is no excuse.
export class Described extends DurableObject {
  meter = new Meter(this);
  go() {
    console.log(describe(this), this);
    return this.ctx.storage.setAlarm(Date.now() + 1000); // want "setAlarm in Described, which has no alarm"
  }
}

// A static alarm, or one set on another class's prototype, is not this
// class's handler.
export class Elsewhere extends DurableObject {
  static alarm = async () => {};
  go() {
    return this.ctx.storage.setAlarm(Date.now() + 1000); // want "setAlarm in Elsewhere, which has no alarm"
  }
}
OnPrototype.prototype.toString = () => "";
(Described as any).prototype.other = 1;

export default { fetch: () => new Response("ok") };
