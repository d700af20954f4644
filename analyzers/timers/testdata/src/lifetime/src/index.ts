import { DurableObject } from "cloudflare:workers";
import { withDeadline, leakyDeadline } from "./deadline";

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const shared = new AbortController();

// Every timer here ends with the event that sets it, or at once.
export class Bounded extends DurableObject {
  // Cleared in a finally block, whether the work returns or throws.
  async keepalive(ws: WebSocket) {
    const ping = setInterval(() => ws.send("ping"), 1000);
    try {
      await this.work();
    } finally {
      clearInterval(ping);
    }
  }

  async slowLog() {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      timer = setTimeout(() => console.log("slow"), 2000);
      return await this.work();
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  async retry() {
    let t: ReturnType<typeof setTimeout> | undefined;
    try {
      await this.work();
    } catch {
      t = setTimeout(() => console.log("slow retry"), 2000);
      await this.work();
    } finally {
      clearTimeout(t);
    }
  }

  // Cleared by a cleanup callback that the same function registers.
  async untilAborted(signal: AbortSignal) {
    const t = setTimeout(() => this.flush(), 1000);
    signal.addEventListener("abort", () => clearTimeout(t), { once: true });
  }

  async socket() {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    const hb = setInterval(() => server.send("hb"), 30_000);
    server.addEventListener("close", () => {
      clearInterval(hb);
    });
    const iv = setInterval(() => this.flush(), 5_000);
    const stop = () => clearInterval(iv);
    server.onclose = stop;
    return new Response(null, { status: 101, webSocket: client });
  }

  async chained() {
    const t = setTimeout(() => this.flush(), 100);
    await this.work().finally(() => clearTimeout(t));
  }

  // A closure re-arms the timer while the work runs; the function that
  // owns the handle clears it when the work ends.
  async idleWatch(chunks: AsyncIterable<string>) {
    let idle: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      if (idle !== undefined) clearTimeout(idle);
      idle = setTimeout(() => this.flush(), 1000);
    };
    try {
      for await (const c of chunks) {
        arm();
        await this.work();
      }
    } finally {
      if (idle !== undefined) clearTimeout(idle);
    }
  }

  // Cleared later in the same block, or on both branches.
  async straight() {
    const t = setTimeout(() => this.flush(), 100);
    await this.work();
    clearTimeout(t);
    const u = setTimeout(() => this.flush(), 100);
    if (await this.work()) {
      clearTimeout(u);
    } else {
      this.flush();
      clearTimeout(u);
    }
  }

  // A sleep awaited through a wrapper.
  async wrapped(deadline: number) {
    await withDeadline(new Promise((r) => setTimeout(r, 5)), deadline);
    await withDeadline(sleep(5), deadline);
    await Promise.race([this.work(), new Promise((r) => setTimeout(r, deadline))]);
    await Promise.any([this.work(), new Promise((r) => setTimeout(r, 5))]);
    await Promise.allSettled([new Promise((r) => setTimeout(r, 5))]);
    await new Promise((r) => setTimeout(r, 5)).then(() => this.flush());
    await Promise.all([5, 10].map((ms) => new Promise((r) => setTimeout(r, ms))));
    return withDeadline(new Promise((r) => setTimeout(r, 5)), deadline);
  }

  // A sleep that an abort cancels, awaited by the caller.
  cancellable(ms: number, signal: AbortSignal) {
    const p = new Promise<void>((resolve, reject) => {
      const t = setTimeout(resolve, ms);
      signal.addEventListener("abort", () => {
        clearTimeout(t);
        reject(signal.reason);
      });
    });
    return p;
  }

  // Resets the object a little later: if it is evicted first, that is as
  // good as the reset.
  async reset() {
    await this.ctx.storage.deleteAll();
    setTimeout(() => this.ctx.abort(), 100);
  }

  // Deferred to the next turn of the event loop.
  defer() {
    setTimeout(() => this.flush(), 0);
    setTimeout(() => this.flush());
    queueMicrotask(() => this.flush());
  }

  // The callback only cancels a request that this call started.
  async fetchWithTimeout(url: string) {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 5000);
    const ac = new AbortController();
    setTimeout(ac.abort.bind(ac), 5000);
    setTimeout(() => {
      ac.abort(new Error("timeout"));
    }, 5000);
    return fetch(url, { signal: AbortSignal.any([controller.signal, ac.signal]) });
  }

  async work() {
    return true;
  }

  flush() {}
}

// The same shapes where something is missing: still reported.
export class Leaky extends DurableObject {
  async conditional() {
    const t = setTimeout(() => this.flush(), 1000); // want `clearTimeout\(t\) does not run on every path after this setTimeout \(it is not in a finally block or an abort/close callback\)`
    if (await this.work()) clearTimeout(t);
  }

  async early(skip: boolean) {
    const t = setTimeout(() => this.flush(), 1000); // want `clearTimeout\(t\) does not run on every path`
    if (skip) {
      return;
    }
    clearTimeout(t);
  }

  // A message does not end the timer's work; only some messages clear it.
  async onMessage(ws: WebSocket) {
    const t = setTimeout(() => this.flush(), 1000); // want `clearTimeout\(t\) does not run on every path`
    ws.addEventListener("message", () => clearTimeout(t));
  }

  // The finally block runs before the timer is set.
  async tooEarly() {
    let t: ReturnType<typeof setTimeout> | undefined;
    try {
      await this.work();
    } finally {
      clearTimeout(t);
    }
    t = setTimeout(() => this.flush(), 5); // want `setTimeout schedules a callback for later`
  }

  // A debounce: the clear before the timer stops the previous one, and
  // the last one is still pending when the call returns.
  private debounce?: ReturnType<typeof setTimeout>;
  touch() {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.flush(), 500); // want `setTimeout schedules a callback for later`
  }

  // The closure that re-arms the timer also runs after the finally block.
  async rearmLater(ws: WebSocket) {
    let idle: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      if (idle !== undefined) clearTimeout(idle);
      idle = setTimeout(() => this.flush(), 1000); // want `setTimeout schedules a callback for later`
    };
    try {
      arm();
      await this.work();
    } finally {
      clearTimeout(idle);
    }
    ws.addEventListener("message", arm);
  }

  // Set in a listener, long after the finally block has run.
  async later(ws: WebSocket) {
    let t: ReturnType<typeof setTimeout> | undefined;
    try {
      ws.addEventListener("message", () => {
        t = setTimeout(() => this.flush(), 5); // want `setTimeout schedules a callback for later`
      });
    } finally {
      clearTimeout(t);
    }
  }

  // The reset waits for other work first.
  async reset() {
    setTimeout(() => { // want `setTimeout schedules a callback for later`
      this.flush();
      this.ctx.abort();
    }, 100);
  }

  // A zero interval fires again and again.
  spin() {
    setInterval(() => this.flush(), 0); // want `setInterval keeps the object awake`
  }

  // The callback does more than abort, or aborts what outlives the call.
  async aborts(url: string) {
    const controller = new AbortController();
    setTimeout(() => { // want `setTimeout schedules a callback for later`
      controller.abort();
      this.flush();
    }, 100);
    setTimeout(() => shared.abort(), 100); // want `setTimeout schedules a callback for later`
    return fetch(url, { signal: controller.signal });
  }

  // Sleeps that nobody waits for, whatever wraps them.
  async unwaited(deadline: number) {
    withDeadline(new Promise((r) => setTimeout(r, 5)), deadline); // want `setTimeout settles a promise that is not awaited`
    [5, 10].forEach((ms) => new Promise((r) => setTimeout(r, ms))); // want `setTimeout settles a promise that is not awaited`
    await leakyDeadline(this.work(), deadline, () => this.flush());
  }

  async work() {
    return true;
  }

  flush() {}
}

export default { fetch: () => new Response("ok") };
