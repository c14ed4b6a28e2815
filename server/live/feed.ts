import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { auditEvents, type AuditEvent } from "../../db/schema";
import { onCommit } from "./commits";

/** Writes from other processes (the CLI) are only seen by polling; this process's are pushed. */
const pollMs = 2_000;
const idleWakeMs = 15_000;

/**
 * Tells waiting subscribers that something new was written. Writes in this process
 * (server/live/commits.ts) wake them right after their commit; a slow `max(id)` poll
 * catches writes of other processes (the CLI, a second server on the same file). Every
 * change writes an audit event, so one check for the whole process is enough;
 * subscribers then read only their own project's new events.
 */
class ChangeSignal {
  /** The server is stopping (README: Faults): feeds end, and their clients reconnect elsewhere. */
  closed = false;
  private lastId = 0;
  private waiters = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly db: Db) {
    onCommit(db, () => {
      if (this.waiters.size) this.check();
    });
  }

  private check() {
    try {
      const row = this.db.get<{ id: number | null }>(sql`select max(id) as id from audit_events`);
      if ((row.id ?? 0) !== this.lastId) {
        this.lastId = row.id ?? 0;
        const waiting = [...this.waiters];
        this.waiters.clear();
        for (const wake of waiting) wake();
      }
    } catch (error) {
      // A closed database (a test's teardown, or shutdown) has nothing more to tell anyone.
      if (this.db.$client.open) console.error("[live]", error);
    }
  }

  close() {
    this.closed = true;
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiting) wake();
  }

  private poll = () => {
    this.timer = undefined;
    this.check();
    if (this.waiters.size) this.timer = setTimeout(this.poll, pollMs);
  };

  /** Resolves when a new event may exist, after `idleWakeMs` at most, or when aborted. */
  next(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(idle);
        this.waiters.delete(done);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const idle = setTimeout(done, idleWakeMs);
      signal?.addEventListener("abort", done, { once: true });
      this.waiters.add(done);
      this.timer ??= setTimeout(this.poll, pollMs);
    });
  }
}

const shared = globalThis as typeof globalThis & { __releaseboardSignals?: WeakMap<Db, ChangeSignal> };

function changeSignal(db: Db): ChangeSignal {
  shared.__releaseboardSignals ??= new WeakMap();
  let signal = shared.__releaseboardSignals.get(db);
  if (!signal) {
    signal = new ChangeSignal(db);
    shared.__releaseboardSignals.set(db, signal);
  }
  return signal;
}

/**
 * Ends every open feed on `db` (a graceful stop, server/main.ts). Each stream ends without
 * tRPC's "return" event, as a dropped connection does, so the browser's EventSource
 * reconnects, to another instance or to this one restarted, and resumes from its last id.
 */
export function endLiveFeeds(db: Db): void {
  changeSignal(db).close();
}

/** What ends a feed on a stop: tRPC ends the stream quietly on an AbortError, without "return". */
const stopping = () => new DOMException("The server is restarting; reconnect", "AbortError");

export type LiveEvent = Pick<
  AuditEvent,
  "id" | "kind" | "summary" | "releaseId" | "environmentId" | "createdAt" | "actorName"
>;

/**
 * A project's audit events after `afterId`, as they happen: first what was missed (a
 * reconnecting client passes its last id), then new ones. Ends when `signal` aborts.
 */
export async function* projectEvents(
  db: Db,
  projectId: number,
  afterId: number | null,
  signal?: AbortSignal,
): AsyncGenerator<LiveEvent> {
  let cursor =
    afterId ??
    db.get<{ id: number | null }>(sql`select max(id) as id from audit_events where project_id = ${projectId}`).id ??
    0;
  while (!signal?.aborted) {
    if (changeSignal(db).closed) throw stopping();
    const rows = db
      .select({
        id: auditEvents.id,
        kind: auditEvents.kind,
        summary: auditEvents.summary,
        releaseId: auditEvents.releaseId,
        environmentId: auditEvents.environmentId,
        createdAt: auditEvents.createdAt,
        actorName: auditEvents.actorName,
      })
      .from(auditEvents)
      .where(and(eq(auditEvents.projectId, projectId), gt(auditEvents.id, cursor)))
      .orderBy(asc(auditEvents.id))
      .limit(200)
      .all();
    for (const row of rows) {
      cursor = row.id;
      yield row;
    }
    if (rows.length < 200) await changeSignal(db).next(signal);
  }
}
