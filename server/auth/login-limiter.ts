import { and, asc, eq, gt, inArray, lt } from "drizzle-orm";
import { first, writeTransaction, type Db, type Queryable, type Tx } from "../../db/client";
import { accountLocks, signInFailures } from "../../db/schema";

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
 * The counts live in the database (db/schema/sign-in-limits.ts), so they hold across every
 * instance on it. `begin` checks and counts in one write transaction before the password is
 * verified (write transactions run one at a time, on SQLite and across Postgres instances), so
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

export type Attempt = { address: string; account: string; at: number; failureIds: number[] };

/** Failures are kept this long, whatever the windows: the oldest a lock's backoff looks at. */
const keptMs = 24 * 60 * 60_000;

const addressKey = (address: string) => `address:${address}`;
const accountKey = (account: string) => `account:${account}`;

export class LoginLimiter {
  private readonly options: LimiterOptions;

  constructor(
    private readonly db: Db,
    maxFailures?: number,
    windowMs?: number,
    options: Partial<LimiterOptions> = {},
  ) {
    this.options = {
      ...defaults,
      ...options,
      ...(maxFailures ? { maxFailures } : {}),
      ...(windowMs ? { windowMs } : {}),
    };
  }

  /** The times of a key's failures within `windowMs` before `now`, oldest first. */
  private async recent(db: Queryable, key: string, windowMs: number, now: number): Promise<number[]> {
    const rows = await db
      .select({ at: signInFailures.at })
      .from(signInFailures)
      .where(and(eq(signInFailures.key, key), gt(signInFailures.at, new Date(now - windowMs))))
      .orderBy(asc(signInFailures.at));
    return rows.map((r) => r.at.getTime());
  }

  private async addressWait(db: Queryable, address: string, now: number): Promise<number> {
    const times = await this.recent(db, addressKey(address), this.options.windowMs, now);
    if (times.length < this.options.maxFailures) return 0;
    return Math.ceil((times[0]! + this.options.windowMs - now) / 1000);
  }

  private async accountWait(db: Queryable, account: string, now: number): Promise<number> {
    const lock = await first(db.select().from(accountLocks).where(eq(accountLocks.account, account)));
    const until = lock?.lockedUntil.getTime() ?? 0;
    return until > now ? Math.ceil((until - now) / 1000) : 0;
  }

  private async insertFailure(tx: Tx, key: string, now: number): Promise<number> {
    const [row] = await tx
      .insert(signInFailures)
      .values({ key, at: new Date(now) })
      .returning({ id: signInFailures.id });
    return row!.id;
  }

  /** Seconds until the next attempt from this address is allowed, or 0 when it is allowed now. */
  async retryAfter(address: string, now = Date.now()): Promise<number> {
    return this.addressWait(this.db, address, now);
  }

  /** Seconds until the account may be tried again, or 0. */
  async accountRetryAfter(account: string, now = Date.now()): Promise<number> {
    return this.accountWait(this.db, account.toLowerCase(), now);
  }

  /** Counts a failure from an address that named no account (e.g. a refused, oversized body). */
  async recordFailure(address: string, now = Date.now()): Promise<void> {
    await writeTransaction(this.db, async (tx) => {
      await this.insertFailure(tx, addressKey(address), now);
    });
  }

  /** Checks both limits and, if allowed, counts the attempt as a failure at once. */
  async begin(
    address: string,
    account: string,
    now = Date.now(),
  ): Promise<{ retryAfter: number } | { attempt: Attempt }> {
    const key = account.toLowerCase();
    return writeTransaction(this.db, async (tx) => {
      const wait = Math.max(await this.addressWait(tx, address, now), await this.accountWait(tx, key, now));
      if (wait > 0) return { retryAfter: wait };
      await tx.delete(signInFailures).where(lt(signInFailures.at, new Date(now - keptMs)));
      const failureIds = [
        await this.insertFailure(tx, addressKey(address), now),
        await this.insertFailure(tx, accountKey(key), now),
      ];
      const failures = await this.recent(tx, accountKey(key), this.options.accountWindowMs, now);
      if (failures.length >= this.options.accountMaxFailures) {
        const lock = await first(tx.select().from(accountLocks).where(eq(accountLocks.account, key)));
        // A day without trouble forgets earlier locks, so the backoff starts small again.
        const earlier = lock && now - lock.lockedUntil.getTime() <= keptMs ? lock.locks : 0;
        const lockedUntil = new Date(
          now + Math.min(this.options.accountLockMaxMs, this.options.accountLockMs * 2 ** earlier),
        );
        await tx
          .insert(accountLocks)
          .values({ account: key, lockedUntil, locks: earlier + 1 })
          .onConflictDoUpdate({ target: accountLocks.account, set: { lockedUntil, locks: earlier + 1 } });
        await tx.delete(signInFailures).where(eq(signInFailures.key, accountKey(key)));
      }
      return { attempt: { address, account: key, at: now, failureIds } };
    });
  }

  /** The attempt was a successful sign-in: it was no failure, and the account starts afresh. */
  async succeeded(attempt: Attempt): Promise<void> {
    await writeTransaction(this.db, async (tx) => {
      await tx.delete(signInFailures).where(inArray(signInFailures.id, attempt.failureIds));
      await tx.delete(signInFailures).where(eq(signInFailures.key, accountKey(attempt.account)));
      await tx.delete(accountLocks).where(eq(accountLocks.account, attempt.account));
    });
  }
}
