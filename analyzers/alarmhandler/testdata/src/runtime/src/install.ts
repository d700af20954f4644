// Gives an object an alarm handler while it is being constructed.
export function installAlarm(o: { alarm?: () => Promise<void> }) {
  o.alarm = async () => {};
}

// Reads the object, adds nothing to it.
export function describe(o: { ctx: DurableObjectState }) {
  return "object " + o.ctx.id.toString();
}

export class Scheduler {
  constructor(private owner: object) {}
  attach() {
    Object.assign(this.owner, { alarm: async () => {} });
  }
}

export class Meter {
  constructor(private owner: { ctx: DurableObjectState }) {}
  count() {
    return this.owner.ctx.id.toString().length;
  }
}
