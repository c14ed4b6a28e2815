import type { Db } from "../../db/client";
import { committed } from "../live/commits";

/**
 * Group commit: writes that arrive in the same turn of the event loop share one
 * `BEGIN IMMEDIATE … COMMIT`, so one fsync (synchronous=FULL) covers all of them instead
 * of one each. Each write runs in its own savepoint (better-sqlite3 nests a transaction
 * function inside an open transaction as a savepoint), so one refused write rolls back
 * alone. The returned promise settles only after the shared COMMIT: whoever answers a
 * client awaits it first, so a 2xx still means the write is on disk.
 *
 * While a group is open, other writers on the connection join it the same way; the
 * group commits on the next `setImmediate`, before any timer or further I/O callback.
 */
type Group = { waiters: { resolve: () => void; reject: (error: unknown) => void }[] };
const shared = globalThis as typeof globalThis & { __releaseboardGroups?: WeakMap<Db, Group> };

export function writeGrouped<T>(db: Db, work: (tx: Parameters<Parameters<Db["transaction"]>[0]>[0]) => T): Promise<T> {
  shared.__releaseboardGroups ??= new WeakMap();
  const groups = shared.__releaseboardGroups;
  let group = groups.get(db);
  if (!group) {
    if (db.$client.inTransaction) {
      // Called from inside someone else's transaction: that one commits it.
      return Promise.resolve(db.transaction(work));
    }
    db.$client.prepare("BEGIN IMMEDIATE").run();
    const opened: Group = { waiters: [] };
    group = opened;
    groups.set(db, opened);
    setImmediate(() => flush(db, opened));
  }
  // A savepoint: rolled back alone if `work` throws, and the error goes to the caller.
  let result: T;
  try {
    result = db.transaction(work);
  } catch (error) {
    return Promise.reject(error);
  }
  const joined = group;
  return new Promise<T>((resolve, reject) => joined.waiters.push({ resolve: () => resolve(result), reject }));
}

function flush(db: Db, group: Group) {
  shared.__releaseboardGroups?.delete(db);
  try {
    db.$client.prepare("COMMIT").run();
  } catch (error) {
    try {
      if (db.$client.inTransaction) db.$client.prepare("ROLLBACK").run();
    } catch {
      // the connection rolled back on its own
    }
    for (const waiter of group.waiters) waiter.reject(error);
    return;
  }
  for (const waiter of group.waiters) waiter.resolve();
  committed(db);
}
