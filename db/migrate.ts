import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import journal from "./migrations/meta/_journal.json";
import postgresJournal from "./migrations-pg/meta/_journal.json";
import { engineOf, first, rawRows, withWriter, type Db } from "./client";

export const migrationsFolder = path.join(__dirname, "migrations");

/** Applies every pending migration; a no-op when the database is up to date. */
export async function migrateDatabase(db: Db): Promise<void> {
  const engine = engineOf(db);
  if (engine) return engine.migrate();
  await withWriter(db, (writer) => migrate(writer, { migrationsFolder }));
}

/** True when every migration this build ships has been applied. */
export async function migrationsAreApplied(db: Db): Promise<boolean> {
  const postgres = !!engineOf(db);
  const latest = (postgres ? postgresJournal : journal).entries.at(-1);
  if (!latest) return true;
  // Drizzle keeps its ledger in the "drizzle" schema on Postgres, in the file itself on SQLite.
  const ledger = postgres ? sql`drizzle.__drizzle_migrations` : sql`__drizzle_migrations`;
  try {
    const row = await first(
      await rawRows<{ last: number | null }>(db, sql`select max(created_at) as last from ${ledger}`),
    );
    return !!row && row.last !== null && Number(row.last) >= latest.when;
  } catch {
    return false;
  }
}
