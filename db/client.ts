import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import * as schema from "./schema";
import { StorageHealth } from "./faults";

export type Db = BetterSQLite3Database<typeof schema> & {
  $client: Database.Database;
  /** Whether writes are failing now (db/faults.ts): set by a failed write, cleared by a probe that succeeds. */
  $health: StorageHealth;
};
/** What a synchronous transaction callback receives; services write through it. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** A database or a transaction on it: what reads, and writes inside a caller's transaction, run on. */
export type Queryable = Db | Tx;

/** The database each transaction opened through the helpers below runs on, for preparedQuery. */
const databaseOf = new WeakMap<Tx, Db>();
const rootOf = (db: Queryable): Db | undefined => ("$client" in db ? db : databaseOf.get(db));

/** The better-sqlite3 connection under a database, or under a transaction opened through the helpers below. */
export const connectionOf = (db: Queryable): Database.Database | undefined => rootOf(db)?.$client;

/** The write health (db/faults.ts) of a database, or of the one under a transaction opened through the helpers below. */
export const healthOf = (db: Queryable): StorageHealth | undefined => rootOf(db)?.$health;

/**
 * The error a transaction's work threw, per connection. When SQLite rolls a whole transaction
 * back by itself (a full disk, an I/O error), better-sqlite3 then fails to roll back to its
 * savepoint and throws "no such savepoint" instead: the original is what callers must see.
 */
const workErrors = new WeakMap<Database.Database, unknown>();
const lostSavepoint = (error: unknown) => error instanceof Error && /no such savepoint/.test(error.message);

function remembering<T>(db: Queryable, work: (tx: Tx) => T): (tx: Tx) => T {
  const root = rootOf(db);
  return (tx) => {
    if (root) databaseOf.set(tx, root);
    try {
      return work(tx);
    } catch (error) {
      if (root && !lostSavepoint(error)) workErrors.set(root.$client, error);
      throw error;
    }
  };
}

/** The error to pass on: the work's own, where SQLite's rollback of everything hid it behind a lost savepoint. */
function original(db: Queryable, error: unknown): unknown {
  const connection = rootOf(db)?.$client;
  if (!connection || !lostSavepoint(error) || connection.inTransaction) return error;
  return workErrors.get(connection) ?? error;
}

/**
 * Runs `work` in one BEGIN IMMEDIATE transaction, so concurrent writers queue instead of
 * failing; inside a caller's transaction it is a savepoint of that one, so an outer step
 * (an idempotent API call storing its response) commits or rolls back with it.
 */
export function writeTransaction<T>(db: Queryable, work: (tx: Tx) => T): T {
  const run = remembering(db, work);
  if (!("$client" in db)) {
    try {
      return db.transaction(run);
    } catch (error) {
      throw original(db, error);
    }
  }
  try {
    return db.transaction(run, { behavior: "immediate" });
  } catch (error) {
    const cause = original(db, error);
    db.$health.failed(cause);
    throw cause;
  }
}

/** Runs reads that must agree with each other in one (deferred) transaction, or a savepoint of the caller's. */
export function readTransaction<T>(db: Queryable, work: (tx: Tx) => T): T {
  const run = remembering(db, work);
  // Both branches are the same call; narrowing picks the one overload that fits each.
  return "$client" in db ? db.transaction(run) : db.transaction(run);
}

/**
 * The one statement cache: a drizzle prepared query, built once per database and keyed by
 * its definition (the module-level `preparedQuery(…)` itself, so two can never collide).
 * Drizzle otherwise assembles each query's SQL from its builder on every call, which cost
 * the results webhook more than SQLite's own work, and better-sqlite3 compiles it again
 * (BENCHMARKS.md). A prepared query runs on its connection whatever transaction is open
 * there. In a transaction not opened through writeTransaction/readTransaction the query
 * is built for that call only: slower, never wrong. For the hot paths; every varying
 * value must be a `sql.placeholder`.
 */
export function preparedQuery<T>(build: (db: Queryable) => T): (db: Queryable) => T {
  const perDatabase = new WeakMap<Db, T>();
  return (db) => {
    const root = rootOf(db);
    if (!root) return build(db);
    let query = perDatabase.get(root);
    if (query === undefined) perDatabase.set(root, (query = build(root)));
    return query;
  };
}

/**
 * The values of a prepared insert with every listed column a placeholder of the same
 * name: `.values(placeholdersFor(table, ["a", "b"]))`, then `.run({ a, b })`. List every
 * column that has a `$defaultFn` (createdAt): drizzle would otherwise run it once, when
 * the insert is prepared, and every row would get that one value.
 */
export function placeholdersFor<T extends { $inferInsert: object }>(
  _table: T,
  columns: readonly (keyof T["$inferInsert"] & string)[],
): T["$inferInsert"] {
  return Object.fromEntries(columns.map((c) => [c, sql.placeholder(c)])) as T["$inferInsert"];
}

export class DatabaseOpenError extends Error {}

/**
 * Opens (creating if needed) the SQLite file with the settings the audit trail needs:
 * WAL for concurrent readers, a busy timeout so writers queue instead of failing, foreign
 * keys enforced, and synchronous=FULL so an acknowledged write survives a power loss.
 */
export type OpenOptions = {
  /** The most the file may grow to (README: DATABASE_MAX_SIZE_MB); past it writes fail as on a full disk. */
  maxSizeMb?: number;
};

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  let sqlite: Database.Database;
  try {
    if (file !== ":memory:") {
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
      ownerOnly(file);
    }
    sqlite = new Database(file);
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("busy_timeout = 5000");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("synchronous = FULL");
    // 64 MiB of page cache instead of SQLite's 2 MiB: a board at scale reads its releases'
    // latest results from tables of hundreds of thousands of rows (BENCHMARKS.md).
    sqlite.pragma("cache_size = -65536");
    if (options.maxSizeMb) {
      const pageSize = sqlite.pragma("page_size", { simple: true }) as number;
      sqlite.pragma(`max_page_count = ${Math.max(1, Math.floor((options.maxSizeMb * 1024 * 1024) / pageSize))}`);
    }
    if (file !== ":memory:") ownerOnly(file);
  } catch (error) {
    throw new DatabaseOpenError(`cannot open the database at ${file}: ${describeOpenError(error, file)}`);
  }
  return Object.assign(drizzle(sqlite, { schema }), { $health: new StorageHealth() }) as Db;
}

/**
 * The database holds signing secrets and sessions: its file and its -wal and -shm
 * companions are the owner's alone (0600). A new file is created so before SQLite opens
 * it (SQLite gives -wal and -shm the main file's mode); files left readable by others
 * are fixed, with a warning.
 */
function ownerOnly(file: string) {
  try {
    fs.writeFileSync(file, "", { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  for (const each of [file, `${file}-wal`, `${file}-shm`]) {
    let mode: number;
    try {
      // The file is chosen at run time: nothing for Next's build to trace (it traced the whole project).
      mode = fs.statSync(/*turbopackIgnore: true*/ each).mode & 0o777;
    } catch {
      continue;
    }
    if (mode & 0o077) {
      fs.chmodSync(each, 0o600);
      console.warn(`releaseboard: ${each} was readable by others (mode ${mode.toString(8)}); it is now 0600`);
    }
  }
}

function describeOpenError(error: unknown, file: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  const folder = path.dirname(path.resolve(file));
  switch (code) {
    case "EEXIST":
    case "ENOTDIR":
      return `a part of ${folder} is a file, not a folder`;
    case "EACCES":
    case "EPERM":
    case "SQLITE_CANTOPEN":
      return `no permission to create or write files in ${folder}`;
    case "EROFS":
    case "SQLITE_READONLY":
      return `${folder} is on a read-only file system`;
    case "SQLITE_NOTADB":
      return "the file exists but is not a SQLite database";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

const shared = globalThis as typeof globalThis & { __releaseboardDb?: Map<string, Db> };

/**
 * One connection per file for the whole process. Keyed on globalThis because the
 * server entry (loaded by tsx) and Next's bundles each get their own copy of this
 * module; they must still share one connection.
 */
export function getDatabase(file: string, options: OpenOptions = {}): Db {
  shared.__releaseboardDb ??= new Map();
  const key = path.resolve(file);
  let db = shared.__releaseboardDb.get(key);
  if (!db) {
    db = openDatabase(file, options);
    shared.__releaseboardDb.set(key, db);
  }
  return db;
}

export function closeDatabase(file: string): void {
  const key = path.resolve(file);
  const db = shared.__releaseboardDb?.get(key);
  if (db) {
    db.$client.close();
    shared.__releaseboardDb?.delete(key);
  }
}
