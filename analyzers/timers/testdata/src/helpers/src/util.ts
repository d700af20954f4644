export function startHeartbeat(ctx: DurableObjectState) {
  setInterval(() => ctx.storage.put("beat", Date.now()), 30_000); // want `setInterval runs in Durable Object Feed through startHeartbeat\(\):`
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Poller {
  poll() {
    this.later(() => {});
  }
  private later(fn: () => void) {
    setTimeout(fn, 100); // want `setTimeout runs in Durable Object Feed through Poller.poll\(\) and Poller.later\(\) and schedules`
  }
}
