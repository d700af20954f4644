// A token bucket per user, kept in memory. Losing it on eviction is fine:
// it only smooths bursts. Waiting for a token is an awaited sleep, which
// ends within the event that waits.
export class RateLimiter {
  private tokens = new Map<string, { left: number; refilled: number }>();

  constructor(private perSecond: number) {}

  async acquire(key: string): Promise<boolean> {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (this.take(key)) {
        return true;
      }
      await this.pause(200);
    }
    return false;
  }

  private take(key: string): boolean {
    const now = Date.now();
    const bucket = this.tokens.get(key) ?? { left: this.perSecond, refilled: now };
    const refill = Math.floor(((now - bucket.refilled) / 1000) * this.perSecond);
    if (refill > 0) {
      bucket.left = Math.min(this.perSecond, bucket.left + refill);
      bucket.refilled = now;
    }
    this.tokens.set(key, bucket);
    if (bucket.left === 0) {
      return false;
    }
    bucket.left--;
    return true;
  }

  private pause(ms: number) {
    return new Promise<void>((resolve) => setTimeout(resolve, ms));
  }
}
