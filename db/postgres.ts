import path from "node:path";
import pg from "pg";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import * as schema from "./schema-pg";

export type PgDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };

export const postgresMigrationsFolder = path.join(__dirname, "migrations-pg");

export type PostgresOptions = {
  /** The most connections this process opens (pg's default is 10). */
  poolSize?: number;
  /**
   * How long a query waits for a connection (a free one in the pool, or a new one to the server)
   * before it fails; the server answers it 503 "busy" or "unavailable" (db/faults.ts). pg's default
   * is to wait for ever, which turns an exhausted pool or an unanswering server into hung requests.
   */
  connectionWaitMs?: number;
  /** How the connections name themselves in pg_stat_activity. */
  applicationName?: string;
};

/**
 * 64-bit integers (bigint columns, count(*)) and numerics (sum, avg) read as JavaScript numbers, as
 * SQLite gives them, so raw SQL reads alike on both databases; pg's default is a string. Past 2^53
 * they lose precision, as better-sqlite3's numbers do. Set on pg's own registry: drizzle reads
 * that one for every query, whatever a pool is given.
 */
function readNumbersAsNumbers() {
  const toNumber = (value: string) => Number(value);
  pg.types.setTypeParser(pg.types.builtins.INT8, toNumber);
  pg.types.setTypeParser(pg.types.builtins.NUMERIC, toNumber);
}

/**
 * A pool of connections to the Postgres database at `url` (README: Postgres). TLS is as pg reads
 * it from the URL: `?sslmode=require` (or verify-full), `sslrootcert=`, `sslcert=`, `sslkey=`.
 */
export function openPostgres(url: string, options: PostgresOptions = {}): PgDb {
  readNumbersAsNumbers();
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectionWaitMs ?? 10_000,
    application_name: options.applicationName ?? "releaseboard",
  });
  // A connection that drops while idle in the pool must not take the process down; the pool replaces it.
  pool.on("error", (error) => console.warn(`releaseboard: an idle Postgres connection failed: ${error.message}`));
  return drizzle(pool, { schema });
}

export async function closePostgres(db: PgDb): Promise<void> {
  await db.$client.end();
}

/**
 * The advisory lock every instance takes around migrating, so one migrates and the others wait,
 * then find nothing to do. A fixed number: any other user of advisory locks on the same
 * database must pick another.
 */
export const migrationLock = "7311884123006101";

/** Applies db/migrations-pg once, however many instances start at the same time. */
export async function migratePostgres(db: PgDb): Promise<void> {
  const client = await db.$client.connect();
  try {
    await client.query("select pg_advisory_lock($1::bigint)", [migrationLock]);
    try {
      await migrate(drizzle(client), { migrationsFolder: postgresMigrationsFolder });
    } finally {
      await client.query("select pg_advisory_unlock($1::bigint)", [migrationLock]);
    }
  } finally {
    client.release();
  }
}
