import type Database from "better-sqlite3";
import { sql } from "drizzle-orm";
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

/**
 * The values of an insert with every listed column a placeholder of the same name, for a
 * prepared insert: `.values(placeholdersFor(table, ["a", "b"]))` then `.run({ a, b })`.
 * List every column that has a `$defaultFn` (createdAt): drizzle would otherwise run it
 * once, when the insert is prepared, and every row would get that one value.
 */
export function placeholdersFor<T extends { $inferInsert: object }>(_table: T, columns: readonly (keyof T["$inferInsert"] & string)[]): T["$inferInsert"] {
  return Object.fromEntries(columns.map((c) => [c, sql.placeholder(c)])) as T["$inferInsert"];
}
