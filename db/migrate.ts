import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import journal from "./migrations/meta/_journal.json";
import { first, rawRows, withWriter, type Db } from "./client";

export const migrationsFolder = path.join(__dirname, "migrations");

/** Applies every pending migration; a no-op when the database is up to date. */
export async function migrateDatabase(db: Db): Promise<void> {
  await withWriter(db, (writer) => migrate(writer, { migrationsFolder }));
}

/** True when every migration this build ships has been applied. */
export async function migrationsAreApplied(db: Db): Promise<boolean> {
  const latest = journal.entries.at(-1);
  if (!latest) return true;
  try {
    const row = await first(
      await rawRows<{ last: number | null }>(db, sql`select max(created_at) as last from __drizzle_migrations`),
    );
    return !!row && row.last !== null && Number(row.last) >= latest.when;
  } catch {
    return false;
  }
}
