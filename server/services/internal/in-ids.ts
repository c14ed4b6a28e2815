import { sql, type Column, type SQL } from "drizzle-orm";

/**
 * `column IN (ids)` with the ids as one JSON parameter. Drizzle builds a placeholder per
 * value, which for a 500-card board cost more than running the query; one parameter also
 * keeps the SQL text the same for any number of ids, so the compiled statement is reused.
 */
export function inIds(column: Column, ids: number[]): SQL {
  return sql`${column} in (select value from json_each(${JSON.stringify(ids)}))`;
}
