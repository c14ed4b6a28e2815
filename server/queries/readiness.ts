import { sql } from "drizzle-orm";
import { getDatabase } from "../../db/client";
import { migrationsAreApplied } from "../../db/migrate";
import { databasePath } from "../config";

/** Readiness for load balancers (README: Running it for real): the database answers and every migration is applied. */
export function readiness(): { status: "ready" | "not ready"; reason?: string } {
  try {
    const db = getDatabase(databasePath());
    db.get(sql`select 1`);
    if (!migrationsAreApplied(db)) return { status: "not ready", reason: "database migrations are pending" };
    return { status: "ready" };
  } catch (error) {
    return { status: "not ready", reason: error instanceof Error ? error.message : "database unavailable" };
  }
}
