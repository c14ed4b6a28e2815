import type Database from "better-sqlite3";
import { connectionOf, type Queryable } from "../../db/client";

/**
 * In-process "something was committed" signal. Writers call `committed(db)` right after
 * their commit; the live feed listens. Kept per connection on globalThis because the
 * server entry and Next's bundles each load their own copy of this module but share one
 * connection.
 */
type Listener = () => void;
const shared = globalThis as typeof globalThis & {
  __releaseboardCommitListeners?: WeakMap<Database.Database, Set<Listener>>;
};

function listenersOf(db: Queryable): Set<Listener> {
  shared.__releaseboardCommitListeners ??= new WeakMap();
  const connection = connectionOf(db);
  // A transaction not opened through db/client's helpers: no listener can be found for it.
  if (!connection) return new Set();
  let set = shared.__releaseboardCommitListeners.get(connection);
  if (!set) {
    set = new Set();
    shared.__releaseboardCommitListeners.set(connection, set);
  }
  return set;
}

export function onCommit(db: Queryable, listener: Listener): () => void {
  const set = listenersOf(db);
  set.add(listener);
  return () => set.delete(listener);
}

/**
 * Tells listeners a write was committed. Inside a transaction that is still open (a
 * group commit, server/engine/group-commit.ts, or a caller's own) it does nothing: whoever
 * commits that one calls this again.
 */
export function committed(db: Queryable): void {
  const connection = connectionOf(db);
  if (!connection || connection.inTransaction) return;
  for (const listener of [...listenersOf(db)]) {
    try {
      listener();
    } catch (error) {
      console.error("[live]", error);
    }
  }
}
