import { closeDatabase, engineOf, getDatabase, type Db } from "../db/client";
import { switchTablesTo } from "../db/schema";
import { closePostgresDatabase, openPostgresDatabase } from "../db/client-postgres";
import type { Config } from "./config";

/**
 * The database the settings name: Postgres at DATABASE_URL, else the SQLite file at DATABASE_PATH
 * (README: Postgres). One per process, shared by the server entry and Next's bundles.
 */
export function openConfiguredDatabase(
  config: Pick<Config, "databaseUrl" | "databasePath" | "databaseMaxSizeMb" | "databasePoolSize" | "databasePoolWaitS">,
): Db {
  if (config.databaseUrl)
    return openPostgresDatabase(config.databaseUrl, {
      poolSize: config.databasePoolSize,
      connectionWaitMs: config.databasePoolWaitS * 1000,
    });
  return getDatabase(config.databasePath, { maxSizeMb: config.databaseMaxSizeMb ?? undefined });
}

/** Where the database is, for messages: the Postgres URL without its password, or the file. */
export function databaseLocation(config: Pick<Config, "databaseUrl" | "databasePath">): string {
  if (!config.databaseUrl) return config.databasePath;
  const url = new URL(config.databaseUrl);
  if (url.password) url.password = "***";
  return url.toString();
}

/** Closes what `openConfiguredDatabase` opened (at shutdown). */
export async function closeConfiguredDatabase(config: Pick<Config, "databaseUrl" | "databasePath">): Promise<void> {
  if (config.databaseUrl) await closePostgresDatabase(config.databaseUrl);
  else closeDatabase(config.databasePath);
}

/**
 * Points this copy of the tables at `db`'s dialect. Next gives each route's bundle its own copy of
 * every module, db/schema included, while the database is opened once per process: a bundle that
 * finds it open already (server/runtime.ts) must still switch its own tables, or it would build
 * SQLite's SQL for Postgres.
 */
export function switchTablesToDialectOf(db: Db): void {
  switchTablesTo(engineOf(db) ? "postgres" : "sqlite");
}
