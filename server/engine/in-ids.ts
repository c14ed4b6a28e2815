import { sql, type Column, type SQL } from "drizzle-orm";
import { inJsonList } from "../../db/dialect";

/**
 * `column IN (ids)` for a prepared query, with the ids passed JSON-encoded as the
 * placeholder `name`. Drizzle builds a placeholder per value otherwise, which for a
 * 500-card board cost more than running the query, and the SQL text would change with
 * the number of ids.
 */
export function inIdsPlaceholder(column: Column, name: string): SQL {
  return inJsonList(column, sql.placeholder(name));
}
