/**
 * Limits sign-in attempts, per client address and per account. The address comes from
 * the socket, or from X-Forwarded-For only as set by a proxy named in TRUST_PROXY
 * (server/http/client-address.ts), so a forged header changes nothing.
 *
 * - Per address: the fourth failure within five minutes is refused with 429 until the
 *   oldest ages out.
 * - Per account: the tenth failure within fifteen minutes, from any addresses, locks the
 *   account for five minutes, doubling with each further lock up to an hour; a successful
 *   sign-in clears it. Locked for a while, never for good.
 *
 * `begin` checks and counts in one synchronous step before the password is verified, so
 * twenty attempts sent at once are counted as twenty, not checked twenty times against zero.
 * An attempt counts as a failure until `succeeded` takes it back.
 */
export type LimiterOptions = {
  maxFailures: number;
  windowMs: number;
  accountMaxFailures: number;
  accountWindowMs: number;
  accountLockMs: number;
  accountLockMaxMs: number;
};

const defaults: LimiterOptions = {
  maxFailures: 3,
  windowMs: 5 * 60_000,
  accountMaxFailures: 10,
  accountWindowMs: 15 * 60_000,
  accountLockMs: 5 * 60_000,
  accountLockMaxMs: 60 * 60_000,
};

export type Attempt = { address: string; account: string; at: number };

type AccountState = { failures: number[]; lockedUntil: number; locks: number };

export class LoginLimiter {
  private failures = new Map<string, number[]>();
  private accounts = new Map<string, AccountState>();
  private readonly options: LimiterOptions;

  constructor(maxFailures?: number, windowMs?: number, options: Partial<LimiterOptions> = {}) {
    this.options = {
      ...defaults,
      ...options,
      ...(maxFailures ? { maxFailures } : {}),
      ...(windowMs ? { windowMs } : {}),
    };
  }

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((t) => now - t < this.options.windowMs);
    if (times.length) this.failures.set(key, times);
    else this.failures.delete(key);
    return times;
  }

  private account(key: string, now: number): AccountState {
    const state = this.accounts.get(key) ?? { failures: [], lockedUntil: 0, locks: 0 };
    state.failures = state.failures.filter((t) => now - t < this.options.accountWindowMs);
    // A day without trouble forgets earlier locks, so the backoff starts small again.
    if (state.locks && now - state.lockedUntil > 24 * 60 * 60_000) state.locks = 0;
    if (!state.failures.length && state.lockedUntil <= now && !state.locks) this.accounts.delete(key);
    else this.accounts.set(key, state);
    return state;
  }

  /** Seconds until the next attempt from this address is allowed, or 0 when it is allowed now. */
  retryAfter(key: string, now = Date.now()): number {
    const times = this.recent(key, now);
    if (times.length < this.options.maxFailures) return 0;
    return Math.ceil((times[0]! + this.options.windowMs - now) / 1000);
  }

  /** Seconds until the account may be tried again, or 0. */
  accountRetryAfter(account: string, now = Date.now()): number {
    const state = this.account(account.toLowerCase(), now);
    return state.lockedUntil > now ? Math.ceil((state.lockedUntil - now) / 1000) : 0;
  }

  /** Counts a failure from an address that named no account (e.g. a refused, oversized body). */
  recordFailure(key: string, now = Date.now()): void {
    this.failures.set(key, [...this.recent(key, now), now]);
  }

  /** Checks both limits and, if allowed, counts the attempt as a failure at once. */
  begin(address: string, account: string, now = Date.now()): { retryAfter: number } | { attempt: Attempt } {
    const key = account.toLowerCase();
    const wait = Math.max(this.retryAfter(address, now), this.accountRetryAfter(key, now));
    if (wait > 0) return { retryAfter: wait };
    this.recordFailure(address, now);
    const state = this.account(key, now);
    state.failures.push(now);
    if (state.failures.length >= this.options.accountMaxFailures) {
      state.lockedUntil = now + Math.min(this.options.accountLockMaxMs, this.options.accountLockMs * 2 ** state.locks);
      state.locks += 1;
      state.failures = [];
    }
    this.accounts.set(key, state);
    return { attempt: { address, account: key, at: now } };
  }

  /** The attempt was a successful sign-in: it was no failure, and the account starts afresh. */
  succeeded(attempt: Attempt): void {
    const times = this.failures.get(attempt.address);
    const index = times?.lastIndexOf(attempt.at) ?? -1;
    if (times && index >= 0) times.splice(index, 1);
    this.accounts.delete(attempt.account);
  }
}
