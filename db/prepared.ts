import type Database from "better-sqlite3";
import type { Db, Tx } from "./client";

const perConnection = new WeakMap<Database.Database, Map<string, unknown>>();

/** The better-sqlite3 connection under a database or a transaction (drizzle keeps it on the session). */
function connectionOf(db: Db | Tx): Database.Database {
  return "$client" in db ? db.$client : (db as unknown as { session: { client: Database.Database } }).session.client;
}

/**
 * A drizzle prepared query, built once per connection and reused from any transaction on it.
 * Drizzle otherwise assembles each query's SQL from its builder on every call, which cost the
 * results webhook as much as SQLite's own work (BENCHMARKS.md). For the hot paths only: the
 * query must take all its varying values as `sql.placeholder`s.
 */
export function prepared<T>(db: Db | Tx, name: string, build: (db: Db | Tx) => T): T {
  const connection = connectionOf(db);
  let queries = perConnection.get(connection);
  if (!queries) perConnection.set(connection, (queries = new Map()));
  let query = queries.get(name) as T | undefined;
  if (query === undefined) queries.set(name, (query = build(db)));
  return query;
}
