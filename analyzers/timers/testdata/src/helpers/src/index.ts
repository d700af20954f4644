import { DurableObject } from "cloudflare:workers";
import { startHeartbeat, sleep, Poller } from "./util";

// A plain helper class in the same module: its timers run in whichever
// Durable Object calls it.
class RateLimiterClient {
  private queue: string[] = [];

  push(key: string) {
    this.queue.push(key);
    setTimeout(() => this.flush(), 1000); // want `setTimeout runs in Durable Object Room through RateLimiterClient.push\(\) and schedules a callback for later: while the timer is pending it keeps the object awake`
  }

  start() {
    this.schedule();
  }

  private schedule() {
    setTimeout(() => this.flush(), 5000); // want `setTimeout runs in Durable Object Room through RateLimiterClient.start\(\) and RateLimiterClient.schedule\(\) and schedules a callback for later`
  }

  // Sleeps are fine when whoever calls them waits.
  wait(ms: number) {
    return new Promise<void>((resolve) => setTimeout(resolve, ms));
  }

  async acquire(key: string) {
    while (this.queue.includes(key)) {
      await this.wait(10);
    }
    return true;
  }

  flush() {
    this.queue = [];
  }
}

function tick(label: string) {
  return setInterval(() => console.log(label), 60_000); // want `setInterval runs in Durable Object Room through tick\(\): it keeps the object awake`
}

// Three calls deep is not followed.
function outer() {
  middle();
}
function middle() {
  inner();
}
function inner() {
  setInterval(() => {}, 1000);
}

// Called only from the Worker's own handler: not about Durable Objects.
function workerOnly() {
  setInterval(() => {}, 1000);
}

const poller = new Poller();

export class Room extends DurableObject {
  private limiter = new RateLimiterClient();

  async fetch(req: Request) {
    await this.limiter.acquire("a");
    await this.limiter.wait(10);
    this.limiter.push("a");
    this.limiter.start();
    this.limiter.wait(10); // want `this.limiter.wait\(\) starts a setTimeout and is not awaited`
    tick("room");
    tick("again");
    outer();
    await sleep(5);
    sleep(5); // want `sleep\(\) starts a setTimeout and is not awaited`
    return new Response("ok");
  }
}

export class Feed extends DurableObject {
  private client?: RateLimiterClient;

  async fetch() {
    this.client ??= new RateLimiterClient();
    this.client.flush();
    startHeartbeat(this.ctx);
    poller.poll();
    const local = new RateLimiterClient();
    await local.acquire("x");
    const ping = startPing(this.ctx);
    this.ctx.waitUntil(Promise.resolve(ping));
    return new Response("ok");
  }
}

// The handle goes back to the caller, which keeps it to clear the timer
// when its work ends.
function startPing(ctx: DurableObjectState) {
  const handle = setInterval(() => ctx.storage.put("ping", Date.now()), 1000);
  return handle;
}

export default {
  fetch() {
    workerOnly();
    return new Response("ok");
  },
};
