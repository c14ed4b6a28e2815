import type Database from "better-sqlite3";
import type { Db, Tx } from "../../db/client";

/**
 * In-process "something was committed" signal. Writers call `committed(db)` right after
 * their commit; the live feed listens. Kept per connection on globalThis because the
 * server entry and Next's bundles each load their own copy of this module but share one
 * connection.
 */
type Listener = () => void;
const shared = globalThis as typeof globalThis & { __releaseboardCommitListeners?: WeakMap<Database.Database, Set<Listener>> };

/** The better-sqlite3 connection under a database or a transaction (drizzle keeps it on the session). */
function connectionOf(db: Db | Tx): Database.Database {
  return "$client" in db ? db.$client : (db as unknown as { session: { client: Database.Database } }).session.client;
}

function listenersOf(db: Db | Tx): Set<Listener> {
  shared.__releaseboardCommitListeners ??= new WeakMap();
  const connection = connectionOf(db);
  let set = shared.__releaseboardCommitListeners.get(connection);
  if (!set) {
    set = new Set();
    shared.__releaseboardCommitListeners.set(connection, set);
  }
  return set;
}

export function onCommit(db: Db | Tx, listener: Listener): () => void {
  const set = listenersOf(db);
  set.add(listener);
  return () => set.delete(listener);
}

/**
 * Tells listeners a write was committed. Inside a transaction that is still open (a
 * group commit, server/engine/group-commit.ts, or a caller's own) it does nothing: whoever
 * commits that one calls this again.
 */
export function committed(db: Db | Tx): void {
  if (connectionOf(db).inTransaction) return;
  for (const listener of [...listenersOf(db)]) {
    try {
      listener();
    } catch (error) {
      console.error("[live]", error);
    }
  }
}
