import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { currentDialect } from "./schema";

/**
 * Every SQL fragment that differs between database dialects, in one place (issue 23). Code
 * outside db/ writes drizzle builders, and where it needs raw SQL, only standard SQL or the
 * helpers here; `grep -rn "json_extract\|strftime\|julianday\|json_each\|group_concat\|unixepoch"
 * server` finds nothing. Each helper gives the SQL of the dialect this process opened.
 */

/**
 * `column IN (the ids)`, the ids bound as ONE parameter (a JSON array), so a prepared statement
 * serves lists of any length and no statement grows with the list.
 * SQLite: `in (select value from json_each(?))`. Postgres: `= any(?::int[])` (or
 * `in (select jsonb_array_elements_text(?::jsonb)::int)`).
 */
export function inJsonList(column: SQLWrapper, idsAsJson: SQLWrapper | string): SQL {
  return sql`${column} in ${jsonListValues(idsAsJson)}`;
}

/** The ids as the one parameter `inJsonList` binds. Same on every dialect (a JSON array). */
export const jsonList = (ids: readonly (number | string)[]): string => JSON.stringify(ids);

/**
 * A subquery of the values (ids: integers) of a JSON array parameter, for `x in ${jsonListValues(…)}`.
 * SQLite: `(select value from json_each(?))`. Postgres: `(select jsonb_array_elements_text(?::jsonb))` (cast as needed).
 */
export function jsonListValues(idsAsJson: SQLWrapper | string): SQL {
  if (currentDialect() === "postgres")
    return sql`(select value::bigint from jsonb_array_elements_text(${idsAsJson}::jsonb) as ids(value))`;
  return sql`(select value from json_each(${idsAsJson}))`;
}

/**
 * How many rows an awaited UPDATE or DELETE builder (without RETURNING) changed.
 * SQLite (better-sqlite3): `result.changes`. Postgres (node-postgres): `result.rowCount`.
 */
export function affectedRows(result: unknown): number {
  const { changes, rowCount } = result as { changes?: number; rowCount?: number | null };
  return changes ?? rowCount ?? 0;
}

/**
 * The path of the database's main file, or "" for one in memory.
 * SQLite: `pragma_database_list`. Postgres: no file (""): the auth secret lives beside DATABASE_PATH only on SQLite.
 */
export const mainDatabaseFileQuery = (): SQL =>
  currentDialect() === "postgres"
    ? sql`select '' as file`
    : sql`select file from pragma_database_list where name = 'main'`;

/**
 * A time as a bound parameter of raw SQL or a prepared query's placeholder (drizzle encodes only
 * values it binds to a column itself). SQLite: milliseconds since the epoch, as the columns hold
 * them. Postgres: the Date, for a timestamptz.
 */
export const timeParam = (at: Date): number | Date => (currentDialect() === "postgres" ? at : at.getTime());
