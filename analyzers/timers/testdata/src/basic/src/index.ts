import { DurableObject } from "cloudflare:workers";

export class Room extends DurableObject {
  timer?: ReturnType<typeof setInterval>;

  async fetch(req: Request) {
    this.timer = setInterval(() => this.tick(), 1000); // want "setInterval keeps the object awake \\(billed duration\\) and the timer is lost when the object is evicted; use ctx.storage.setAlarm"
    setTimeout(() => this.tick(), 5000); // want "setTimeout schedules a callback for later: while the timer is pending it keeps the object awake \\(billed duration\\), and it is lost if the object is evicted first"
    globalThis.setTimeout(() => this.tick(), 5000); // want "setTimeout schedules a callback for later"
    // Cleared before anything else runs: it never fires.
    const id = setTimeout(() => this.tick(), 10);
    clearTimeout(id);
    // setInterval(() => {}, 1) in a comment is not a call, nor "setTimeout(f, 1)" in a string.
    return new Response("setTimeout(f, 1)");
  }

  tick = () => {
    setTimeout(this.tick, 100); // want "setTimeout schedules a callback for later"
  };

  async run() {
    // A promise that is created but never awaited leaves its timer pending.
    new Promise((r) => setTimeout(r, 100)); // want "setTimeout settles a promise that is not awaited: the current event does not wait for the timer"
    await null;
  }
}

export class Legacy {
  constructor(state: DurableObjectState) {
    setInterval(() => state.storage.put("beat", Date.now()), 30_000); // want "setInterval keeps the object awake"
  }
}

export default {
  fetch() {
    // Timers in the Worker's own handlers are not about Durable Objects.
    setTimeout(() => {}, 10);
    return new Response("ok");
  },
};
