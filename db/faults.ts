/**
 * Storage faults: a write refused because the storage under the database is full, or
 * because the database cannot be reached at all (README: Faults). Every driver error is
 * classified here, in db/, so the server maps one closed set of faults to 503 and never
 * looks at a driver's codes: SQLite's result codes and Postgres' SQLSTATEs.
 */
export type StorageFault = "full" | "unavailable";

/**
 * Why the database refused a request: a storage fault, or "busy" — every pooled connection stayed
 * in use past the wait (DATABASE_POOL_WAIT_S). Busy is load, not a fault: the request is refused
 * with 503 and Retry-After like a fault's, but readiness, the fault log and the admins' notice do
 * not change for it, since the database itself is fine and the next request may well get through.
 */
export type Refusal = StorageFault | "busy";

/** SQLite's result codes (extended ones start with their primary code, e.g. SQLITE_IOERR_WRITE). */
function sqliteFault(code: string): StorageFault | null {
  if (code === "SQLITE_FULL") return "full";
  // I/O errors (a failed write or fsync, a vanished file), a lock still held after the
  // busy timeout, a file that cannot be opened, a file system remounted read-only.
  if (/^SQLITE_(IOERR|BUSY|CANTOPEN|READONLY|PROTOCOL)(_|$)/.test(code)) return "unavailable";
  return null;
}

/**
 * Postgres' SQLSTATEs (and node's socket errors under pg): a full disk (53100) or out of memory
 * (53200); a connection refused, reset or ended (08xxx, 57P01–57P03: a restart, a fail-over), too
 * many connections (53300), a read-only standby after fail-over (25006).
 */
function postgresFault(code: string): StorageFault | null {
  if (code === "53100" || code === "53200") return "full";
  if (/^08/.test(code) || /^57P0[1-3]$/.test(code) || code === "53300" || code === "25006") return "unavailable";
  if (["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EHOSTUNREACH"].includes(code))
    return "unavailable";
  return null;
}

/** What a driver error means for storage, or null when it is something else (a bug, a constraint, load). */
export function classifyStorageError(error: unknown): StorageFault | null {
  const refusal = classifyRefusal(error);
  return refusal === "busy" ? null : refusal;
}

/** Why the database refused: a storage fault or "busy"; null for anything else (a bug, a constraint). */
export function classifyRefusal(error: unknown): Refusal | null {
  if (!(error instanceof Error)) return null;
  // Drizzle wraps the driver's error in its own (DrizzleQueryError), with the driver's as its cause.
  if (error.cause instanceof Error && error.cause !== error) {
    const inner = classifyRefusal(error.cause);
    if (inner) return inner;
  }
  // pg-pool's words when no pooled connection came free within connectionTimeoutMillis.
  if (/^timeout exceeded when trying to connect$/.test(error.message)) return "busy";
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code === "string" && code.startsWith("SQLITE_")) return sqliteFault(code);
  // ENOSPC from the file system itself (the folder of a new database file, the auth secret).
  if (code === "ENOSPC" || code === "EDQUOT") return "full";
  if (typeof code === "string") {
    const fault = postgresFault(code);
    if (fault) return fault;
  }
  // pg's own words for a connection it lost or could not make (no SQLSTATE on these).
  if (
    /Connection terminated|connection timeout|Client has encountered a connection error|Cannot use a pool after calling end/i.test(
      error.message,
    )
  )
    return "unavailable";
  // better-sqlite3 on a connection closed under a request (a shutdown past its deadline).
  if (error instanceof TypeError && /database connection is not open/.test(error.message)) return "unavailable";
  return null;
}

export type FaultTransition = {
  /** The fault before, or null when writes were succeeding. */
  from: StorageFault | null;
  /** The fault now, or null when writes succeed again. */
  to: StorageFault | null;
  /** The driver's message for the failure that started the fault. */
  error: string | null;
  at: Date;
};

type Listener = (transition: FaultTransition) => void;

/**
 * Whether writes on one database are failing now, as the writes themselves found out:
 * a classified failure sets the fault; a probe write that succeeds (server/engine/storage.ts,
 * at most one a second) clears it. Not any small write that happens to fit: on a nearly
 * full disk those succeed between refused large ones, and the state would flap with every
 * request. Kept with the connection (db/client.ts attaches one to every database it opens),
 * so the server entry and Next's bundles, which share the connection, share this state too.
 */
export class StorageHealth {
  fault: StorageFault | null = null;
  since: Date | null = null;
  lastError: string | null = null;
  /** The error itself of the last classified failure, for writes that lost their transaction to it. */
  lastFailure: unknown = null;
  private lastProbeAt = 0;
  private readonly listeners = new Set<Listener>();

  /** A write failed with `error`; records the fault it means, if any. Returns that fault. */
  failed(error: unknown, now = new Date()): StorageFault | null {
    const fault = classifyStorageError(error);
    if (!fault) return null;
    this.lastError = driverMessage(error);
    this.lastFailure = error;
    if (this.fault !== fault) this.change(fault, now);
    return fault;
  }

  /** A probe write committed: whatever fault there was is over. */
  succeeded(now = new Date()): void {
    if (this.fault) this.change(null, now);
  }

  /** Is a probe write due? At most one per `everyMs`, and only while a fault stands. */
  probeDue(everyMs: number, now = Date.now()): boolean {
    if (!this.fault || now - this.lastProbeAt < everyMs) return false;
    this.lastProbeAt = now;
    return true;
  }

  /** Calls `listener` on every change of fault; returns how to stop. */
  onTransition(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private change(to: StorageFault | null, at: Date) {
    const transition: FaultTransition = { from: this.fault, to, error: to ? this.lastError : null, at };
    this.fault = to;
    this.since = to ? at : null;
    for (const listener of [...this.listeners]) {
      try {
        listener(transition);
      } catch (error) {
        console.error("[storage]", error);
      }
    }
  }
}

/** The driver's own words, not drizzle's "Failed query: …" with the whole SQL. */
function driverMessage(error: unknown): string {
  let inner = error;
  while (inner instanceof Error && inner.cause instanceof Error && inner.cause !== inner) inner = inner.cause;
  const code = (inner as { code?: unknown }).code;
  const message = inner instanceof Error ? inner.message : String(inner);
  return typeof code === "string" && !message.includes(code) ? `${code}: ${message}` : message;
}
