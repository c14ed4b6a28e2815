/**
 * Counts failed sign-ins per client address in a sliding window: the fourth failure
 * within it is refused with 429 until the oldest failure ages out. The address comes from
 * the socket (see clientIpHeader), so a forged X-Forwarded-For changes nothing.
 */
export class LoginLimiter {
  private failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 3,
    private readonly windowMs = 5 * 60_000,
  ) {}

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (times.length) this.failures.set(key, times);
    else this.failures.delete(key);
    return times;
  }

  /** Seconds until the next attempt is allowed, or 0 when it is allowed now. */
  retryAfter(key: string, now = Date.now()): number {
    const times = this.recent(key, now);
    if (times.length < this.maxFailures) return 0;
    return Math.ceil((times[0]! + this.windowMs - now) / 1000);
  }

  recordFailure(key: string, now = Date.now()): void {
    this.failures.set(key, [...this.recent(key, now), now]);
  }
}
