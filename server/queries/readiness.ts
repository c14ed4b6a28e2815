import { first, rawRows } from "../../db/client";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { migrationsAreApplied } from "../../db/migrate";
import { classifyRefusal } from "../../db/faults";

export type Readiness = { status: "ready" | "not ready"; reason?: string };

const faultReasons = {
  full: "storage is full: writes are refused",
  unavailable: "the database is unavailable: writes are refused",
} as const;

/**
 * Readiness for load balancers (README: Running it for real, Faults): the database answers,
 * every migration is applied, and writes are not failing (db/faults.ts).
 */
export async function readiness(db: Db): Promise<Readiness> {
  try {
    await first(await rawRows(db, sql`select 1`));
    if (!(await migrationsAreApplied(db))) return { status: "not ready", reason: "database migrations are pending" };
    const fault = db.$health.fault;
    if (fault) return { status: "not ready", reason: faultReasons[fault] };
    return { status: "ready" };
  } catch (error) {
    if (classifyRefusal(error) === "busy")
      return { status: "not ready", reason: "the database is busy: every connection is in use" };
    return { status: "not ready", reason: error instanceof Error ? error.message : "database unavailable" };
  }
}
