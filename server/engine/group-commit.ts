import type Database from "better-sqlite3";
import { connectionOf, writeTransaction, type Db, type Queryable, type Tx } from "../../db/client";
import { committed } from "../live/commits";

/**
 * Group commit: writes that arrive in the same turn of the event loop share one
 * `BEGIN IMMEDIATE … COMMIT`, so one fsync (synchronous=FULL) covers all of them instead
 * of one each. Each write runs in its own savepoint (better-sqlite3 nests a transaction
 * function inside an open transaction as a savepoint), so one refused write rolls back
 * alone. The returned promise settles only after the shared COMMIT: whoever answers a
 * client awaits it first, so a 2xx still means the write is on disk.
 *
 * The group commits on the next `setImmediate`. A verb started outside the group while
 * one is open (a tRPC mutation, the scheduler) first commits the group (settleOpenGroup,
 * called by writeTransaction), so it too answers only after its own commit.
 *
 * A storage fault (README: Faults) fails the whole group: a COMMIT that cannot reach the
 * disk, or a write whose failure made SQLite roll the transaction back (SQLITE_FULL and
 * I/O errors may), rejects every write of the group with that error, so each request is
 * answered 503 and none of them, nor its idempotency key, was kept.
 */
type Group = { db: Db; waiters: { resolve: () => void; reject: (error: unknown) => void }[]; working: boolean };
// Per connection, on globalThis: the server entry and Next's bundles share the connection.
const shared = globalThis as typeof globalThis & { __releaseboardGroups?: Map<Database.Database, Group> };
const groups = () => (shared.__releaseboardGroups ??= new Map());

export function writeGrouped<T>(db: Db, work: (tx: Tx) => T): Promise<T> {
  let group = groups().get(db.$client);
  // A statement outside the group's writes (a refusal's delivery log entry) failed and SQLite
  // rolled the transaction back: the group is lost, and this write must not run on its own.
  if (group && !db.$client.inTransaction) {
    abandon(group, lostTransaction(db));
    group = undefined;
  }
  if (!group) {
    if (db.$client.inTransaction) {
      // Called from inside someone else's transaction: that one commits it.
      return Promise.resolve(writeTransaction(db, work));
    }
    try {
      db.$client.prepare("BEGIN IMMEDIATE").run();
    } catch (error) {
      db.$health.failed(error);
      return Promise.reject(error);
    }
    const opened: Group = { db, waiters: [], working: false };
    group = opened;
    groups().set(db.$client, opened);
    setImmediate(() => flush(opened));
  }
  // A savepoint: rolled back alone if `work` throws, and the error goes to the caller.
  let result: T;
  group.working = true;
  try {
    result = writeTransaction(db, work);
  } catch (error) {
    // SQLite rolled the whole transaction back: the group's earlier writes are gone too.
    if (!db.$client.inTransaction) abandon(group, error);
    return Promise.reject(error);
  } finally {
    group.working = false;
  }
  const joined = group;
  return new Promise<T>((resolve, reject) => joined.waiters.push({ resolve: () => resolve(result), reject }));
}

/** Commits the connection's open group now, unless called from inside one of its writes. */
export function settleOpenGroup(db: Queryable): void {
  const connection = connectionOf(db);
  const group = connection && groups().get(connection);
  if (group && !group.working) flush(group);
}

function flush(group: Group) {
  const connection = group.db.$client;
  if (groups().get(connection) !== group) return;
  groups().delete(connection);
  if (!connection.inTransaction) return abandon(group, lostTransaction(group.db));
  try {
    connection.prepare("COMMIT").run();
  } catch (error) {
    try {
      if (connection.inTransaction) connection.prepare("ROLLBACK").run();
    } catch {
      // the connection rolled back on its own
    }
    group.db.$health.failed(error);
    for (const waiter of group.waiters) waiter.reject(error);
    return;
  }
  for (const waiter of group.waiters) waiter.resolve();
  committed(group.db);
}

/** Why a group's transaction is gone: the storage fault that rolled it back, as far as anyone saw it. */
const lostTransaction = (db: Db) =>
  db.$health.lastFailure ?? new Error("the group commit's transaction was rolled back by the database");

/** The group's transaction is gone (rolled back by SQLite): its writes are refused with `error`, and the next write opens a new group. */
function abandon(group: Group, error: unknown) {
  if (groups().get(group.db.$client) === group) groups().delete(group.db.$client);
  const waiters = group.waiters.splice(0);
  for (const waiter of waiters) waiter.reject(error);
}
