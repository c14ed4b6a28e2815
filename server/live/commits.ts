import type { Db } from "../../db/client";

/**
 * In-process "something was committed" signal. Writers call `committed(db)` right after
 * their commit; the live feed listens. Kept on globalThis because the server entry and
 * Next's bundles each load their own copy of this module but share one connection.
 */
type Listener = () => void;
const shared = globalThis as typeof globalThis & { __releaseboardCommitListeners?: WeakMap<Db, Set<Listener>> };

function listenersOf(db: Db): Set<Listener> {
  shared.__releaseboardCommitListeners ??= new WeakMap();
  let set = shared.__releaseboardCommitListeners.get(db);
  if (!set) {
    set = new Set();
    shared.__releaseboardCommitListeners.set(db, set);
  }
  return set;
}

export function onCommit(db: Db, listener: Listener): () => void {
  const set = listenersOf(db);
  set.add(listener);
  return () => set.delete(listener);
}

/**
 * Tells listeners a write was committed. Inside an open transaction (a group commit, see
 * server/engine/group-commit.ts) it waits: the group's commit calls this again.
 */
export function committed(db: Db): void {
  if (db.$client.inTransaction) return;
  for (const listener of [...listenersOf(db)]) {
    try {
      listener();
    } catch (error) {
      console.error("[live]", error);
    }
  }
}
