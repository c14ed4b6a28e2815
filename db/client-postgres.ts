import { AsyncLocalStorage } from "node:async_hooks";
import pg from "pg";
import { sql, type SQL } from "drizzle-orm";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import * as schema from "./schema-pg";
import { switchTablesTo } from "./schema";
import { StorageHealth } from "./faults";
import { migratePostgres, openPostgres, type PgDb, type PostgresOptions } from "./postgres";
import { callCommitListeners, engineOf, registerEngine, type Db, type Engine, type Queryable, type Tx } from "./client";

/**
 * The database on Postgres (issue 23), behind the same calls as SQLite's (db/client.ts):
 * `writeTransaction`, `readTransaction`, reads on the database itself, `preparedQuery`,
 * `rawRows`, `onCommitted`. Code outside db/ does not know which one it runs on.
 *
 * Writes keep SQLite's semantics, one writer at a time, across every instance on the database:
 * a write transaction's first statement takes one transaction-scoped advisory lock, so the
 * rules that read then write (a move's gates, the audit chain's previous hash, a job's claim)
 * see every write committed before them and none in between, as on SQLite's single writer, and
 * two instances moving the same release give one 200 and one 409. The cost is that writes do not
 * run in parallel (README: Running several instances gives the figures); reads never wait for it.
 *
 * A commit also NOTIFYs the other instances (`releaseboard_commits`), whose `onCommitted`
 * listeners (the live feed) wake as they would for their own writes; what changed is read from
 * the tables by id, so a notification lost to a reconnect loses nothing.
 */

type Connection = NodePgDatabase<typeof schema>;

type Scope = { engine: PostgresEngine; connection: Connection; open: boolean; savepoints: string[]; next: number };

const shared = globalThis as typeof globalThis & {
  __releaseboardPgScopes?: AsyncLocalStorage<Scope>;
  __releaseboardPgDatabases?: Map<string, Db>;
};
const scopes = (shared.__releaseboardPgScopes ??= new AsyncLocalStorage<Scope>());

/** The advisory lock every write transaction takes first: one writer at a time, as on SQLite. */
export const writerLock = "7311884123006102";
const commitChannel = "releaseboard_commits";

/** SQLSTATEs worth running a transaction again for: serialization failure, deadlock. */
const retryable = new Set(["40001", "40P01"]);
const sqlState = (error: unknown): string | undefined => {
  for (let e = error; e instanceof Error; e = e.cause as Error) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    if (e.cause === e) break;
  }
  return undefined;
};

class PostgresEngine implements Engine {
  readonly health = new StorageHealth();
  readonly db: Db;
  private readonly pool: pg.Pool;
  private readonly onPool: PgDb;
  private readonly perClient = new WeakMap<pg.PoolClient, Connection>();
  private readonly listeners = new Set<() => void>();
  private listening: pg.PoolClient | null = null;
  private closed = false;

  constructor(
    readonly url: string,
    options: PostgresOptions,
  ) {
    this.onPool = openPostgres(url, options);
    this.pool = this.onPool.$client;
    this.db = Object.assign(this.onPool, { $health: this.health }) as unknown as Db;
    this.routeInsideTransactions();
  }

  private scope(): Scope | undefined {
    const scope = scopes.getStore();
    return scope && scope.open && scope.engine === this ? scope : undefined;
  }

  connectionFor(db: Queryable): object {
    const scope = this.scope();
    if (scope) return scope.connection;
    return db === this.db ? this.onPool : db;
  }

  private connectionOn(client: pg.PoolClient): Connection {
    let connection = this.perClient.get(client);
    if (!connection) {
      connection = drizzle(client, { schema });
      this.perClient.set(client, connection);
      registerEngine(connection, this);
    }
    return connection;
  }

  private async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      this.health.failed(error);
      throw error;
    }
  }

  async writeTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const scope = this.scope();
    if (scope) return this.inSavepoint(scope, work);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.ownTransaction("begin", work, true);
      } catch (error) {
        if (!retryable.has(sqlState(error) ?? "") || attempt >= 8) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
      }
    }
  }

  async readTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const scope = this.scope();
    if (scope) return this.inSavepoint(scope, work);
    return this.ownTransaction("begin isolation level repeatable read read only", work, false);
  }

  private async ownTransaction<T>(begin: string, work: (tx: Tx) => Promise<T>, writes: boolean): Promise<T> {
    const client = await this.connect();
    const connection = this.connectionOn(client);
    const scope: Scope = { engine: this, connection, open: true, savepoints: [], next: 0 };
    let broken: Error | undefined;
    try {
      await client.query(begin);
      if (writes) await client.query(`select pg_advisory_xact_lock(${writerLock})`);
      const result = await scopes.run(scope, () => work(connection as unknown as Tx));
      scope.open = false;
      if (writes) await client.query(`select pg_notify('${commitChannel}', '')`);
      await client.query("commit");
      if (writes) this.notifyLocal();
      return result;
    } catch (error) {
      scope.open = false;
      try {
        await client.query("rollback");
      } catch (rollbackError) {
        broken = rollbackError as Error;
      }
      if (writes) this.health.failed(error);
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private async inSavepoint<T>(scope: Scope, work: (tx: Tx) => Promise<T>): Promise<T> {
    const name = `rb${++scope.next}`;
    const run = (statement: string) => scope.connection.execute(sql.raw(statement));
    await run(`savepoint ${name}`);
    scope.savepoints.push(name);
    const done = () => {
      if (scope.savepoints.at(-1) !== name) throw new Error(`savepoint ${name} ended out of order`);
      scope.savepoints.pop();
    };
    let result: T;
    try {
      result = await work(scope.connection as unknown as Tx);
    } catch (error) {
      done();
      await run(`rollback to savepoint ${name}`);
      await run(`release savepoint ${name}`);
      throw error;
    }
    done();
    await run(`release savepoint ${name}`);
    return result;
  }

  async rawRows<T>(db: Queryable, query: SQL): Promise<T[]> {
    const result = await (this.connectionFor(db) as Connection).execute(query);
    return result.rows as T[];
  }

  async rawExecute(db: Queryable, query: SQL): Promise<void> {
    await (this.connectionFor(db) as Connection).execute(query);
  }

  onCommitted(listener: () => void): () => void {
    this.listeners.add(listener);
    void this.listen();
    return () => this.listeners.delete(listener);
  }

  private notifyLocal() {
    callCommitListeners(this.listeners);
  }

  /**
   * One connection per instance LISTENs for the other instances' commits. When it drops (a
   * restarted database), it connects again and wakes the listeners once, who read whatever
   * they missed from the tables.
   */
  private async listen(): Promise<void> {
    if (this.listening || this.closed) return;
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch {
      if (!this.closed) setTimeout(() => void this.listen(), 1000).unref();
      return;
    }
    if (this.closed) return client.release();
    this.listening = client;
    const lost = () => {
      if (this.listening !== client) return;
      this.listening = null;
      client.release(true);
      if (!this.closed) setTimeout(() => void this.listen().then(() => this.notifyLocal()), 200).unref();
    };
    client.on("notification", () => this.notifyLocal());
    client.on("error", lost);
    try {
      await client.query(`listen ${commitChannel}`);
    } catch {
      lost();
    }
  }

  async migrate(): Promise<void> {
    await migratePostgres(this.onPool);
  }

  isOpen(): boolean {
    return !this.closed;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const listening = this.listening;
    this.listening = null;
    listening?.release(true);
    await this.pool.end();
  }

  /** As on SQLite: statements on the database itself run in the current transaction, if any. */
  private routeInsideTransactions() {
    type Session = { prepareQuery: (...args: unknown[]) => unknown };
    const session = (this.onPool as unknown as { session: Session }).session;
    const own = session.prepareQuery.bind(session);
    session.prepareQuery = (...args: unknown[]) => {
      const scope = this.scope();
      if (!scope) return own(...args);
      return (scope.connection as unknown as { session: Session }).session.prepareQuery(...args);
    };
  }
}

/**
 * Opens the Postgres database at `url` (DATABASE_URL) as a `Db`, one per URL for the whole
 * process (the server entry and Next's bundles share it, as they share SQLite's). From here on
 * the tables every query names are Postgres' (db/schema/index.ts).
 */
export function openPostgresDatabase(url: string, options: PostgresOptions = {}): Db {
  shared.__releaseboardPgDatabases ??= new Map();
  // Every copy of db/schema (the server entry's, each of Next's bundles') switches its own tables.
  switchTablesTo("postgres");
  let db = shared.__releaseboardPgDatabases.get(url);
  if (!db) {
    const engine = new PostgresEngine(url, options);
    registerEngine(engine.db, engine);
    db = engine.db;
    shared.__releaseboardPgDatabases.set(url, db);
  }
  return db;
}

/** Closes a database opened by `openPostgresDatabase` (its pool and its listening connection). */
export async function closePostgresDatabase(url: string): Promise<void> {
  const db = shared.__releaseboardPgDatabases?.get(url);
  if (!db) return;
  shared.__releaseboardPgDatabases!.delete(url);
  await engineOf(db)?.close();
}
