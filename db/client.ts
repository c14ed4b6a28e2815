import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { sql, type SQL } from "drizzle-orm";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import * as schema from "./schema/sqlite";
import { StorageHealth } from "./faults";

/**
 * The data-access layer every other module uses, asynchronous so that a Postgres pool can
 * stand behind the same calls (issue 23): reads are awaited drizzle builders, writes run in
 * `writeTransaction(db, async (tx) => …)`, reads that must agree in `readTransaction`, and
 * the hot statements through `preparedQuery` (`await q(db).execute(params)`). Nothing outside
 * db/ calls a driver's synchronous `.all()`/`.get()`/`.run()`.
 *
 * On SQLite (better-sqlite3, synchronous underneath) a database is three kinds of connection
 * to one file in WAL mode:
 *
 * - the writer: one connection, one transaction at a time. A write transaction waits its
 *   turn in an async queue (`Lock` below), then runs BEGIN IMMEDIATE … COMMIT issued here
 *   (better-sqlite3's own transaction() refuses async work). Webhooks arriving in one turn of
 *   the event loop share one of these (group commit, `writeGrouped`), each in a savepoint.
 * - the reader: reads outside any transaction (`await db.select()…` on the database itself).
 *   It never opens a transaction, so each statement sees the last COMMIT and never another
 *   request's uncommitted writes, although the writer's transaction stays open across `await`s
 *   (and across a whole event-loop turn for a group commit). The alternative, queueing every
 *   read behind the writer, would make a board read wait for the group's fsync. The reader is
 *   `query_only`: a write outside a transaction fails loudly (the `Db` type has no write methods).
 * - read-transaction connections, a few kept idle: `readTransaction` takes one for itself, so
 *   its snapshot (BEGIN … COMMIT) never delays or shows through to the reader's statements.
 *
 * Inside a transaction's work, the database itself (`db`, not the `tx` handed in) still means
 * that transaction: an AsyncLocalStorage context routes its statements to the transaction's
 * connection, and a nested `writeTransaction`/`readTransaction` becomes a savepoint of it, as
 * a nested better-sqlite3 transaction was. A Postgres version keeps the same API over a pool
 * (a client per transaction, row locks or serialisable retries); no caller branches on it.
 */

/** A drizzle database on one connection. */
type Connection = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/**
 * What a transaction's work receives: reads and writes, all inside that transaction. Without
 * the driver's synchronous raw-SQL calls and its own transactions: `rawRows`, `writeTransaction`.
 */
export type Tx = Omit<Connection, "all" | "get" | "values" | "run" | "transaction" | "batch">;

/**
 * The database: reads outside a transaction, and the door to transactions. It has no write
 * methods of its own: every write goes through `writeTransaction`.
 */
export type Db = Omit<Tx, "insert" | "update" | "delete" | "$client"> & {
  /** The writing connection (pragmas; tests reach the file through it). Closing it closes the database. */
  $client: Database.Database;
  /** Whether writes are failing now (db/faults.ts): set by a failed write, cleared by a probe that succeeds. */
  $health: StorageHealth;
};

/** A database or a transaction on it: what reads, and writes inside a caller's transaction, run on. */
export type Queryable = Db | Tx;

type Listener = () => void;

/** Everything one opened database keeps: its connections, its writer queue, its open group commit. */
type Root = {
  db: Db;
  file: string;
  writer: Connection;
  reader: Connection;
  idleReaders: Connection[];
  lock: Lock;
  group: Group | null;
  commitListeners: Set<Listener>;
  closed: boolean;
};

/** The transaction the current async context runs in (see the module comment). */
type Scope = {
  root: Root;
  connection: Connection;
  /** False once its transaction ended: work it started and left running is no longer in it. */
  open: boolean;
  /** Savepoints open now, innermost last. */
  savepoints: string[];
  next: number;
};

// On globalThis: the server entry (loaded by tsx) and Next's bundles each load their own copy
// of this module, and must still find the one database, its writer queue and the open transaction.
const process_ = globalThis as typeof globalThis & {
  __releaseboardDbScopes?: AsyncLocalStorage<Scope>;
  __releaseboardDbRoots?: WeakMap<object, Root>;
  __releaseboardDbEngines?: WeakMap<object, Engine>;
};
const scopes = (process_.__releaseboardDbScopes ??= new AsyncLocalStorage<Scope>());
const roots = (process_.__releaseboardDbRoots ??= new WeakMap<object, Root>());

const rootOf = (db: Queryable): Root | undefined => roots.get(db);

/**
 * A database on another engine than SQLite (Postgres: db/client-postgres.ts), behind the same
 * calls: each exported function below hands a database or transaction of such an engine to it.
 */
export interface Engine {
  readonly db: Db;
  readonly health: StorageHealth;
  writeTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  readTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  rawRows<T>(db: Queryable, query: SQL): Promise<T[]>;
  rawExecute(db: Queryable, query: SQL): Promise<void>;
  /** The drizzle database a statement on `db` runs on now (the current transaction's, else the pool's). */
  connectionFor(db: Queryable): object;
  onCommitted(listener: Listener): () => void;
  migrate(): Promise<void>;
  isOpen(): boolean;
  close(): Promise<void>;
}
const engines = (process_.__releaseboardDbEngines ??= new WeakMap<object, Engine>());

/** Makes `handle` (a database, or a transaction's connection) one of `engine`'s. Only db/ calls it. */
export function registerEngine(handle: object, engine: Engine): void {
  engines.set(handle, engine);
}

/** Whether the database is still open (a closed one has nothing more to tell anyone). */
export const databaseIsOpen = (db: Db): boolean => engineOf(db)?.isOpen() ?? db.$client.open;

/** The engine of a database that is not SQLite's, or undefined for SQLite. */
export const engineOf = (db: Queryable): Engine | undefined => engines.get(db);
const openScope = (root: Root | undefined): Scope | undefined => {
  const scope = scopes.getStore();
  return scope && scope.open && scope.root === root ? scope : undefined;
};

/** The better-sqlite3 connection writes go to: the database's writer (under a transaction, the same one). */
export const connectionOf = (db: Queryable): Database.Database | undefined => rootOf(db)?.writer.$client;

/** The write health (db/faults.ts) of a database, or of the one under a transaction on it. */
export const healthOf = (db: Queryable): StorageHealth | undefined => engineOf(db)?.health ?? rootOf(db)?.db.$health;

/** Whether the writer has a transaction open now (a write's failure may have made SQLite roll it back). */
export const writerInTransaction = (db: Queryable): boolean => rootOf(db)?.writer.$client.inTransaction ?? false;

/** A FIFO async mutex: the one writer at a time on the single connection. */
class Lock {
  private tail: Promise<void> = Promise.resolve();
  held = false;
  acquire(): Promise<() => void> {
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const before = this.tail;
    this.tail = before.then(() => mine);
    return before.then(() => {
      this.held = true;
      return () => {
        this.held = false;
        release();
      };
    });
  }
}

const lostSavepoint = (error: unknown) => error instanceof Error && /no such savepoint/.test(error.message);

function exec(connection: Connection, statement: string) {
  connection.$client.prepare(statement).run();
}

function rollback(connection: Connection) {
  try {
    if (connection.$client.inTransaction) exec(connection, "ROLLBACK");
  } catch {
    // the connection rolled back on its own
  }
}

/**
 * A savepoint of the scope's transaction around `work`: rolled back alone if `work` throws,
 * and the error passed on is the work's own, also when SQLite rolled the whole transaction
 * back (a full disk, an I/O error) and the savepoint is gone ("no such savepoint").
 */
async function inSavepoint<T>(scope: Scope, work: (tx: Tx) => Promise<T>): Promise<T> {
  const name = `rb${++scope.next}`;
  const connection = scope.connection;
  exec(connection, `SAVEPOINT ${name}`);
  scope.savepoints.push(name);
  const done = () => {
    // Concurrent savepoints in one transaction would release each other: a bug in the caller.
    if (scope.savepoints.at(-1) !== name) throw new Error(`savepoint ${name} ended out of order`);
    scope.savepoints.pop();
  };
  let result: T;
  try {
    result = await work(connection);
  } catch (error) {
    done();
    try {
      if (connection.$client.inTransaction) {
        exec(connection, `ROLLBACK TO ${name}`);
        exec(connection, `RELEASE ${name}`);
      }
    } catch (rollbackError) {
      if (!lostSavepoint(rollbackError)) throw rollbackError;
    }
    throw error;
  }
  done();
  exec(connection, `RELEASE ${name}`);
  return result;
}

function notifyCommitted(root: Root) {
  callCommitListeners(root.commitListeners);
}

/** Calls every commit listener (both engines); one that throws is logged and does not stop the others. */
export function callCommitListeners(listeners: Iterable<() => void>): void {
  for (const listener of [...listeners]) {
    try {
      listener();
    } catch (error) {
      console.error("[live]", error);
    }
  }
}

/** Calls `listener` after every commit of a write on this database (the live feed wakes on it). */
export function onCommitted(db: Queryable, listener: Listener): () => void {
  const engine = engineOf(db);
  if (engine) return engine.onCommitted(listener);
  const root = rootOf(db);
  if (!root) return () => {};
  root.commitListeners.add(listener);
  return () => root.commitListeners.delete(listener);
}

/**
 * Runs `work` in one BEGIN IMMEDIATE transaction on the writer, after the writes queued
 * before it; inside a caller's transaction it is a savepoint of that one, so an outer step
 * (an idempotent API call storing its response) commits or rolls back with it. A group
 * commit still open is committed first, so this write is answered after a commit of its own.
 */
export async function writeTransaction<T>(db: Queryable, work: (tx: Tx) => Promise<T>): Promise<T> {
  const engine = engineOf(db);
  if (engine) return engine.writeTransaction(work);
  const root = rootOf(db);
  if (!root) throw new Error("writeTransaction: not a database opened by db/client.ts");
  const scope = openScope(root);
  if (scope) return inSavepoint(scope, work);
  if (root.group) closeGroup(root.group);
  const release = await root.lock.acquire();
  try {
    return await ownTransaction(root, work);
  } finally {
    release();
  }
}

/** BEGIN IMMEDIATE … COMMIT around `work` on the writer, whose lock the caller holds. */
async function ownTransaction<T>(root: Root, work: (tx: Tx) => Promise<T>): Promise<T> {
  const writer = root.writer;
  const health = root.db.$health;
  try {
    exec(writer, "BEGIN IMMEDIATE");
  } catch (error) {
    health.failed(error);
    throw error;
  }
  const scope: Scope = { root, connection: writer, open: true, savepoints: [], next: 0 };
  let result: T;
  try {
    result = await scopes.run(scope, () => work(writer));
    scope.open = false;
    exec(writer, "COMMIT");
  } catch (error) {
    scope.open = false;
    rollback(writer);
    health.failed(error);
    throw error;
  }
  notifyCommitted(root);
  return result;
}

/**
 * Runs `work` with the writer to itself (after the writes queued before it), outside any
 * transaction: for what manages its own, drizzle's migrator. Only db/ uses it.
 */
export async function withWriter<T>(db: Db, work: (writer: BetterSQLite3Database<typeof schema>) => T): Promise<T> {
  const root = rootOf(db);
  if (!root) throw new Error("withWriter: not a database opened by db/client.ts");
  const release = await root.lock.acquire();
  try {
    return work(root.writer);
  } finally {
    release();
  }
}

/** Runs reads that must agree with each other in one snapshot (BEGIN … COMMIT), or a savepoint of the caller's transaction. */
export async function readTransaction<T>(db: Queryable, work: (tx: Tx) => Promise<T>): Promise<T> {
  const engine = engineOf(db);
  if (engine) return engine.readTransaction(work);
  const root = rootOf(db);
  if (!root) throw new Error("readTransaction: not a database opened by db/client.ts");
  const scope = openScope(root);
  if (scope) return inSavepoint(scope, work);
  const connection = await takeReader(root);
  const own: Scope = { root, connection, open: true, savepoints: [], next: 0 };
  try {
    exec(connection, "BEGIN");
    return await scopes.run(own, () => work(connection));
  } finally {
    own.open = false;
    rollback(connection);
    giveReader(root, connection);
  }
}

// ---------------------------------------------------------------------------------------
// Group commit

type Waiter = { resolve: () => void; reject: (error: unknown) => void };
type Group = {
  root: Root;
  /** Takes no more writes: it commits once those it took are done. */
  closed: boolean;
  /** Writes taken and not yet run or finished, run one after another. */
  queue: (() => Promise<void>)[];
  running: boolean;
  /** Writes that succeeded, answered after the COMMIT. */
  waiters: Waiter[];
  /** The transaction is open (BEGIN IMMEDIATE done); null until the lock is ours. */
  scope: Scope | null;
  release: (() => void) | null;
  /** Why the group's transaction is gone, once it is. */
  lost: unknown;
};

/**
 * Group commit: writes that arrive in the same turn of the event loop share one
 * `BEGIN IMMEDIATE … COMMIT`, so one fsync (synchronous=FULL) covers all of them instead of
 * one each. Each write runs in its own savepoint, one after another, so one refused write
 * rolls back alone. The returned promise settles only after the shared COMMIT: whoever
 * answers a client awaits it first, so a 2xx still means the write is on disk.
 *
 * The group takes writes until the turn after its transaction began (setImmediate), or until
 * a write transaction from outside it (a tRPC mutation, the scheduler) asks for the writer,
 * then commits once its writes are done.
 *
 * A storage fault fails the whole group: a COMMIT that cannot reach the disk, or a write whose
 * failure made SQLite roll the transaction back (SQLITE_FULL and I/O errors may), rejects every
 * write of the group with that error, so each request is answered 503 and none of them, nor its
 * idempotency key, was kept.
 */
export function writeGrouped<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  // Postgres commits each write on its own (its own WAL groups concurrent commits' flushes).
  const engine = engineOf(db);
  if (engine) return engine.writeTransaction(work);
  const root = rootOf(db);
  if (!root) return Promise.reject(new Error("writeGrouped: not a database opened by db/client.ts"));
  // Called from inside someone else's transaction: that one commits it.
  if (openScope(root)) return writeTransaction(db, work);
  const group = root.group && !root.group.closed ? root.group : openGroup(root);
  return new Promise<T>((resolve, reject) => {
    group.queue.push(async () => {
      // The group was lost before this write began: it goes to the next group instead.
      if (group.lost !== undefined) {
        // Not awaited here: the next group needs the writer, which this one holds until it is drained.
        void writeGrouped(db, work).then(resolve, reject);
        return;
      }
      let result: T;
      try {
        result = await scopes.run(group.scope!, () => inSavepoint(group.scope!, work));
      } catch (error) {
        // SQLite rolled the whole transaction back: the group's earlier writes are gone too.
        if (!root.writer.$client.inTransaction) lose(group, error);
        return reject(error);
      }
      if (group.lost !== undefined) return reject(group.lost);
      group.waiters.push({ resolve: () => resolve(result), reject });
    });
    void drain(group);
  });
}

function openGroup(root: Root): Group {
  const group: Group = {
    root,
    closed: false,
    queue: [],
    running: true,
    waiters: [],
    scope: null,
    release: null,
    lost: undefined,
  };
  root.group = group;
  void (async () => {
    group.release = await root.lock.acquire();
    try {
      exec(root.writer, "BEGIN IMMEDIATE");
    } catch (error) {
      root.db.$health.failed(error);
      lose(group, error);
    }
    group.scope = { root, connection: root.writer, open: group.lost === undefined, savepoints: [], next: 0 };
    setImmediate(() => closeGroup(group));
    group.running = false;
    await drain(group);
  })();
  return group;
}

/** Runs the group's waiting writes one after another; commits when it is closed and they are done. */
async function drain(group: Group): Promise<void> {
  if (group.running) return;
  group.running = true;
  try {
    for (let next = group.queue.shift(); next; next = group.queue.shift()) await next();
  } finally {
    group.running = false;
  }
  if (group.closed && group.release) finish(group);
}

/** The group takes no more writes; it commits as soon as those it took are done. */
function closeGroup(group: Group) {
  if (group.closed) return;
  group.closed = true;
  if (group.root.group === group) group.root.group = null;
  if (!group.running && group.queue.length === 0 && group.release) finish(group);
}

function finish(group: Group) {
  const release = group.release;
  if (!release) return;
  group.release = null;
  const { root } = group;
  const connection = root.writer.$client;
  if (group.scope) group.scope.open = false;
  try {
    if (group.lost !== undefined) return rejectAll(group, group.lost);
    if (!connection.inTransaction) return rejectAll(group, lostTransaction(root));
    try {
      exec(root.writer, "COMMIT");
    } catch (error) {
      rollback(root.writer);
      root.db.$health.failed(error);
      return rejectAll(group, error);
    }
    for (const waiter of group.waiters.splice(0)) waiter.resolve();
    notifyCommitted(root);
  } finally {
    release();
  }
}

/** Why a group's transaction is gone: the storage fault that rolled it back, as far as anyone saw it. */
const lostTransaction = (root: Root) =>
  root.db.$health.lastFailure ?? new Error("the group commit's transaction was rolled back by the database");

/** The group's transaction is gone (rolled back by SQLite): its writes are refused with `error`. */
function lose(group: Group, error: unknown) {
  if (group.lost === undefined) group.lost = error;
  if (group.scope) group.scope.open = false;
  rollback(group.root.writer);
  rejectAll(group, error);
  closeGroup(group);
}

function rejectAll(group: Group, error: unknown) {
  for (const waiter of group.waiters.splice(0)) waiter.reject(error);
}

// ---------------------------------------------------------------------------------------
// Queries

/** The first row a query returns, or undefined: `await first(db.select()…)`. */
export async function first<T>(rows: PromiseLike<T[]> | T[]): Promise<T | undefined> {
  return (await rows)[0];
}

/** Runs a raw SQL query (no dialect-specific functions: db/dialect.ts has those) and returns its rows. */
export async function rawRows<T>(db: Queryable, query: SQL): Promise<T[]> {
  const engine = engineOf(db);
  if (engine) return engine.rawRows<T>(db, query);
  return (db as Connection).all<T>(query);
}

/**
 * Runs a raw SQL statement that returns no rows: in the current transaction, or on the
 * database itself in a write transaction of its own (DDL in tests, pragmas that write).
 */
export async function rawExecute(db: Queryable, query: SQL): Promise<void> {
  const engine = engineOf(db);
  if (engine) return engine.rawExecute(db, query);
  const root = rootOf(db);
  if (root && db === root.db && !openScope(root)) {
    await writeTransaction(db, async (tx) => {
      (tx as Connection).run(query);
    });
    return;
  }
  (db as Connection).run(query);
}

type SyncPrepared = {
  executeMethod: "run" | "all" | "get" | "values";
  all(params?: Record<string, unknown>): unknown;
  run(params?: Record<string, unknown>): unknown;
};

/** A prepared statement, dialect-neutral: `await q(db).execute(params)` gives what awaiting its builder gives. */
export type Prepared<Result> = { execute(params?: Record<string, unknown>): Promise<Result> };

/**
 * The one statement cache: a drizzle prepared query, built once per connection and keyed by
 * its definition (the module-level `preparedQuery(…)` itself, so two can never collide).
 * Drizzle otherwise assembles each query's SQL from its builder on every call, which cost
 * the results webhook more than SQLite's own work, and better-sqlite3 compiles it again
 * (BENCHMARKS.md). `q(db)` runs where `db` would: in the current transaction, if any. For the
 * hot paths; every varying value must be a `sql.placeholder`.
 */
export function preparedQuery<Q extends { execute: (...args: never[]) => unknown }>(
  build: (db: Tx) => Q,
): (db: Queryable) => Prepared<Awaited<ReturnType<Q["execute"]>>> {
  type Result = Awaited<ReturnType<Q["execute"]>>;
  const perConnection = new WeakMap<object, Prepared<Result>>();
  return (db) => {
    const engine = engineOf(db);
    if (engine) {
      const on = engine.connectionFor(db);
      let prepared = perConnection.get(on);
      if (prepared === undefined) {
        // On Postgres a prepared query is bound to the connection it was built on (a transaction's client, or the pool).
        const query = build(on as Tx) as unknown as { execute(params?: Record<string, unknown>): Promise<Result> };
        prepared = { execute: (params) => query.execute(params) };
        perConnection.set(on, prepared);
      }
      return prepared;
    }
    const connection = connectionFor(db);
    let prepared = perConnection.get(connection);
    if (prepared === undefined) {
      const query = build(connection) as unknown as SyncPrepared;
      const method = query.executeMethod === "run" ? "run" : "all";
      prepared = {
        execute: (params) => {
          try {
            return Promise.resolve(query[method](params) as Result);
          } catch (error) {
            return Promise.reject(error);
          }
        },
      };
      perConnection.set(connection, prepared);
    }
    return prepared;
  };
}

/**
 * The better-sqlite3 connection a statement on `db` would run on now (the current transaction's,
 * else the reader): for the audit chain's streamed hashing, the one SQLite-only path outside
 * db/ left (issue 23: it moves behind this module with the Postgres step).
 */
export const sqliteConnectionFor = (db: Queryable): Database.Database => connectionFor(db).$client;

/** The connection a statement on `db` runs on now: the current transaction's, else the reader (or the tx's own). */
function connectionFor(db: Queryable): Connection {
  const root = rootOf(db);
  if (!root) throw new Error("not a database opened by db/client.ts");
  const scope = openScope(root);
  if (scope) return scope.connection;
  return db === root.db ? root.reader : (db as Connection);
}

/**
 * The values of a prepared insert with every listed column a placeholder of the same
 * name: `.values(placeholdersFor(table, ["a", "b"]))`, then `.execute({ a, b })`. List every
 * column that has a `$defaultFn` (createdAt): drizzle would otherwise run it once, when
 * the insert is prepared, and every row would get that one value.
 */
export function placeholdersFor<T extends { $inferInsert: object }>(
  _table: T,
  columns: readonly (keyof T["$inferInsert"] & string)[],
): T["$inferInsert"] {
  return Object.fromEntries(columns.map((c) => [c, sql.placeholder(c)])) as T["$inferInsert"];
}

/**
 * The database as better-auth's drizzle adapter needs it: reads on the database, writes on the
 * writer. Each adapter write must run inside `writeTransaction(db, …)` (server/auth does), so
 * it takes its turn on the writer like any other.
 */
export function authAdapterDatabases(db: Db): { reads: Db; writes: Tx } {
  // Postgres: the database itself, whose statements run in the write transaction around them.
  if (engineOf(db)) return { reads: db, writes: db as unknown as Tx };
  const root = rootOf(db);
  if (!root) throw new Error("not a database opened by db/client.ts");
  return { reads: db, writes: root.writer };
}

// ---------------------------------------------------------------------------------------
// Opening

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

/** Read-transaction connections kept open for reuse; more are opened when needed and closed when returned. */
const idleReadersKept = 4;

function connect(file: string, cacheKib: number): Database.Database {
  const sqlite = new Database(file);
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma(`cache_size = -${cacheKib}`);
  return sqlite;
}

function readerOn(root: Root, sqlite: Database.Database): Connection {
  sqlite.pragma("query_only = ON");
  const connection = drizzle(sqlite, { schema }) as Connection;
  roots.set(connection, root);
  return connection;
}

async function takeReader(root: Root): Promise<Connection> {
  const idle = root.idleReaders.pop();
  if (idle) return idle;
  if (root.file === ":memory:") return root.writer;
  return readerOn(root, connect(root.file, 16384));
}

function giveReader(root: Root, connection: Connection) {
  if (connection === root.writer) return;
  if (!root.closed && root.idleReaders.length < idleReadersKept) root.idleReaders.push(connection);
  else connection.$client.close();
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  let sqlite: Database.Database;
  let readerClient: Database.Database;
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
    // ":memory:" is one database per connection: there the reader is the writer itself.
    readerClient = file === ":memory:" ? sqlite : connect(file, 65536);
    if (file !== ":memory:") ownerOnly(file);
  } catch (error) {
    throw new DatabaseOpenError(`cannot open the database at ${file}: ${describeOpenError(error, file)}`);
  }
  const writer = drizzle(sqlite, { schema }) as Connection;
  const reader = drizzle(readerClient, { schema }) as Connection;
  const db = Object.assign(reader, { $health: new StorageHealth() }) as unknown as Db;
  const root: Root = {
    db,
    file,
    writer,
    reader: db as unknown as Connection,
    idleReaders: [],
    lock: new Lock(),
    group: null,
    commitListeners: new Set(),
    closed: false,
  };
  if (readerClient !== sqlite) readerClient.pragma("query_only = ON");
  roots.set(db, root);
  roots.set(writer, root);
  routeInsideTransactions(root);
  // The database's $client is the writer; closing it closes the reading connections too.
  Object.defineProperty(db, "$client", { value: sqlite, configurable: true, enumerable: false });
  const closeWriter = sqlite.close.bind(sqlite);
  sqlite.close = () => {
    root.closed = true;
    for (const idle of root.idleReaders.splice(0)) idle.$client.close();
    if (readerClient !== sqlite && readerClient.open) readerClient.close();
    return closeWriter();
  };
  return db;
}

/**
 * Statements on the database itself run on the reader, except inside a transaction's work,
 * where they run in that transaction (see the module comment). Drizzle prepares every
 * statement of a database through its session's prepareQuery, so that is where to route.
 */
function routeInsideTransactions(root: Root) {
  const session = (root.reader as unknown as { session: { prepareQuery: (...args: unknown[]) => unknown } }).session;
  const own = session.prepareQuery.bind(session);
  session.prepareQuery = (...args: unknown[]) => {
    const scope = openScope(root);
    if (!scope || scope.connection === root.reader) return own(...args);
    const target = (scope.connection as unknown as { session: typeof session }).session;
    return target.prepareQuery(...args);
  };
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
 * One database (writer, reader) per file for the whole process. Keyed on globalThis because
 * the server entry (loaded by tsx) and Next's bundles each get their own copy of this
 * module; they must still share one writer and its queue.
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
