import { DurableObject } from "cloudflare:workers";

export class Room extends DurableObject {
  async open() {
    await this.ctx.storage.setAlarm(Date.now() + 60_000);
  }

  async close() {
    await this.ctx.storage.deleteAll(); // want `deleteAll\(\) keeps the alarm of Room on this script: compatibility_date 2025-09-01 is before 2026-02-24, when "delete_all_deletes_alarm" makes deleteAll\(\) delete the alarm too, so the alarm Room schedules still fires after deleteAll\(\), on an emptied object, and getAlarm\(\) still returns its time; call deleteAlarm\(\) before deleteAll\(\), or set compatibility_date to 2026-02-24 or later, or add the "delete_all_deletes_alarm" flag`
  }

  async wipeLocal() {
    const storage = this.ctx.storage;
    if (await storage.get("closed")) {
      await storage.deleteAll(); // want `deleteAll\(\) keeps the alarm of Room`
    }
    return new Response("ok");
  }

  async wipeInExpression() {
    const [, n] = await Promise.all([this.ctx.storage.deleteAll(), 1]); // want `keeps the alarm`
    return n;
  }

  wipeSync() {
    return this.ctx.storage.deleteAll(); // want `keeps the alarm`
  }

  // The alarm is deleted first, or after: either way none is left.
  async closeDeletingFirst() {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
  }

  async closeDeletingAfter() {
    await this.ctx.storage.deleteAll();
    await this.ctx.storage.deleteAlarm();
  }

  // A reset that schedules a new alarm replaces the old one.
  async restart() {
    await this.ctx.storage.deleteAll();
    await this.ctx.storage.setAlarm(Date.now() + 1000);
  }

  // A setAlarm() later in the method counts as a reschedule, even on
  // another path: the rule cannot tell which path runs.
  async closeOrRearm(req: Request) {
    if (req.method === "DELETE") {
      await this.ctx.storage.deleteAll();
      return;
    }
    await this.ctx.storage.setAlarm(Date.now() + 1000);
  }

  // A helper that a method deleting the alarm calls.
  async destroy() {
    await this.ctx.storage.deleteAlarm();
    await this.wipe();
  }

  private async wipe() {
    await this.ctx.storage.deleteAll();
  }

  // A transaction cannot deleteAll() at all; another rule's business.
  async inTxn() {
    await this.ctx.storage.transaction(async (txn) => {
      await txn.deleteAll();
    });
  }

  // The running alarm is spent when alarm() returns.
  async alarm() {
    await this.ctx.storage.deleteAll();
    await this.sweep();
    await this.#expire();
  }

  private async sweep() {
    await this.ctx.storage.deleteAll();
  }

  async #expire() {
    await this.ctx.storage.deleteAll();
  }

  // Private, but also called from a request.
  private async purge() {
    await this.ctx.storage.deleteAll(); // want `keeps the alarm of Room`
  }

  async fetch() {
    await this.purge();
    return new Response("purged");
  }
}

export class Legacy {
  state: DurableObjectState;
  constructor(state: DurableObjectState) {
    this.state = state;
  }
  async fetch(req: Request) {
    if (req.method === "DELETE") {
      await this.state.storage.deleteAll(); // want `keeps the alarm of Legacy`
      return new Response("gone");
    }
    return new Response("ok");
  }
  async schedule() {
    await this.state.storage.setAlarm(Date.now() + 5000);
  }
  async alarm() {}
}

// No alarm is ever set, so none is kept.
export class Plain extends DurableObject {
  async reset() {
    await this.ctx.storage.deleteAll();
  }
}

class Scheduler extends DurableObject {
  async schedule() {
    await this.ctx.storage.setAlarm(Date.now() + 1000);
  }
  async alarm() {}
}

export class Child extends Scheduler {
  async reset() {
    await this.ctx.storage.deleteAll(); // want `keeps the alarm of Child`
  }
}

export default { fetch: () => new Response("ok") };
