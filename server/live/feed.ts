import { databaseIsOpen, first, rawRows } from "../../db/client";
import { and, asc, eq, gt, lte, sql } from "drizzle-orm";
import { preparedQuery, type Db, type Queryable } from "../../db/client";
import { auditEvents, releases, type AuditEvent } from "../../db/schema";
import { rateLimited } from "../errors";
import { onCommit } from "./commits";

/** Writes from other processes (the CLI) are only seen by polling; this process's are pushed. */
const pollMs = 2_000;
/** A burst (a cascade of moves, a matrix of results) reaches a project's viewers as one update per window. */
export const coalesceMs = 100;
/** How many live streams one person may hold open at once (tabs, wall screens); the next one is refused. */
export const streamsPerPerson = 20;
/** A viewer that falls this far behind is told to reload everything instead of being sent every event. */
const maxQueued = 500;
const readBatch = 1_000;

export type LiveEvent = Pick<
  AuditEvent,
  "id" | "kind" | "summary" | "releaseId" | "environmentId" | "createdAt" | "actorName"
> & {
  /** The release's version, so a release page can tell whether an event concerns it. */
  version: string | null;
};

/**
 * One message of a project's stream: every event since the last message, oldest first.
 * `truncated`: the viewer fell behind and `events` is not all of them; refetch everything.
 */
/** What ends a feed on a stop: tRPC ends the stream quietly on an AbortError, without "return". */
const restarting = () => new DOMException("The server is restarting; reconnect", "AbortError");

export type LiveUpdate = { lastId: number; events: LiveEvent[]; truncated: boolean };

type Row = LiveEvent & { projectId: number | null };

/** A function, not a constant: the tables are the opened database's (db/schema/index.ts). */
const eventColumns = () => ({
  id: auditEvents.id,
  projectId: auditEvents.projectId,
  kind: auditEvents.kind,
  summary: auditEvents.summary,
  releaseId: auditEvents.releaseId,
  version: releases.version,
  environmentId: auditEvents.environmentId,
  createdAt: auditEvents.createdAt,
  actorName: auditEvents.actorName,
});

/** Everything written after the feed's cursor, every project at once. */
const eventsAfter = preparedQuery((db) =>
  db
    .select(eventColumns())
    .from(auditEvents)
    .leftJoin(releases, eq(releases.id, auditEvents.releaseId))
    .where(gt(auditEvents.id, sql.placeholder("after")))
    .orderBy(asc(auditEvents.id))
    .limit(readBatch)
    .prepare(),
);

/** What a reconnecting viewer missed: one project's events in (after, upTo]. */
const missedEvents = preparedQuery((db) =>
  db
    .select(eventColumns())
    .from(auditEvents)
    .leftJoin(releases, eq(releases.id, auditEvents.releaseId))
    .where(
      and(
        eq(auditEvents.projectId, sql.placeholder("projectId")),
        gt(auditEvents.id, sql.placeholder("after")),
        lte(auditEvents.id, sql.placeholder("upTo")),
      ),
    )
    .orderBy(asc(auditEvents.id))
    .limit(maxQueued + 1)
    .prepare(),
);

const lastEventId = async (db: Queryable) =>
  (await first(await rawRows<{ id: number | null }>(db, sql`select max(id) as id from audit_events`)))?.id ?? 0;

type Subscriber = {
  queue: LiveEvent[];
  /** Events were dropped up to this id (the viewer fell behind); 0 when none were. */
  skippedTo: number;
  wake: (() => void) | null;
};

/** The viewers of one project: what is waiting to go out, and when the last update went. */
class Channel {
  readonly subscribers = new Set<Subscriber>();
  private pending: LiveEvent[] = [];
  private lastFlush = -Infinity;
  private timer: NodeJS.Timeout | undefined;

  add(events: LiveEvent[]) {
    this.pending.push(...events);
    if (this.timer) return;
    const wait = this.lastFlush + coalesceMs - performance.now();
    // The first change after a quiet spell goes out at once; the rest of a burst waits for
    // the end of the window, so no change is held longer than `coalesceMs`.
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush() {
    this.timer = undefined;
    this.lastFlush = performance.now();
    const events = this.pending;
    this.pending = [];
    for (const subscriber of this.subscribers) deliver(subscriber, events);
  }

  close() {
    clearTimeout(this.timer);
  }
}

function deliver(subscriber: Subscriber, events: LiveEvent[]) {
  if (!events.length) return;
  subscriber.queue.push(...events);
  if (subscriber.queue.length > maxQueued) {
    subscriber.skippedTo = subscriber.queue.at(-1)!.id;
    subscriber.queue = [];
  }
  const wake = subscriber.wake;
  subscriber.wake = null;
  wake?.();
}

/**
 * The live feed of one server: every project's changes, read from the audit log once
 * however many people watch, and pushed to each project's viewers (README: Live updates).
 *
 * Writes in this process wake it right after their commit (server/live/commits.ts); a
 * slow `max(id)` poll, only while someone watches, catches writes of other processes
 * (the CLI, a second server on the same file). One query reads what is new for all
 * projects; each project's viewers get it as one update per `coalesceMs` window. Built
 * once per runtime (server/runtime.ts) and reached through the tRPC context.
 */
export class LiveFeed {
  private cursor = 0;
  /** The cursor's first reading, at start. */
  private readonly started: Promise<void>;
  /**
   * Reading the log and moving the cursor, one at a time: a look at the log and a new
   * viewer's catch-up each read, then move, the cursor, and must not interleave.
   */
  private serial: Promise<unknown> = Promise.resolve();
  private checkPending: Promise<void> | null = null;
  private readonly channels = new Map<number, Channel>();
  private readonly perPerson = new Map<string, number>();
  private checkQueued = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly stopListening: () => void;
  /** The server is stopping (README: Faults): feeds end, and their clients reconnect elsewhere. */
  private stopping = false;
  /** Messages written to streams since start (each viewer's update counts once). */
  messagesSent = 0;

  constructor(private readonly db: Db) {
    this.started = this.exclusive(async () => {
      this.cursor = await lastEventId(db);
    }).catch(() => {});
    this.stopListening = onCommit(db, () => {
      // Several commits in one turn of the event loop (a group commit, a cascade) are read once.
      if (this.checkQueued || !this.channels.size) return;
      this.checkQueued = true;
      setImmediate(() => {
        this.checkQueued = false;
        void this.check();
      });
    });
  }

  /** Streams open now. */
  get openStreams(): number {
    let n = 0;
    for (const channel of this.channels.values()) n += channel.subscribers.size;
    return n;
  }

  /** Runs `work` after the reads of the log before it, and before those after it. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.serial.then(work, work);
    this.serial = run.catch(() => {});
    return run;
  }

  /** Reads what was written since the last look and hands each project's events to its viewers. */
  private check(): Promise<void> {
    // A look queued and not begun yet will read whatever this one would.
    this.checkPending ??= this.exclusive(async () => {
      this.checkPending = null;
      await this.checkNow();
    });
    return this.checkPending;
  }

  private async checkNow() {
    try {
      if (!this.channels.size) {
        this.cursor = await lastEventId(this.db);
        return;
      }
      for (;;) {
        const rows: Row[] = await eventsAfter(this.db).execute({ after: this.cursor });
        if (!rows.length) return;
        this.cursor = rows.at(-1)!.id;
        const byProject = new Map<number, LiveEvent[]>();
        for (const { projectId, ...event } of rows) {
          if (projectId === null || !this.channels.has(projectId)) continue;
          const list = byProject.get(projectId);
          if (list) list.push(event);
          else byProject.set(projectId, [event]);
        }
        for (const [projectId, events] of byProject) this.channels.get(projectId)?.add(events);
        if (rows.length < readBatch) return;
      }
    } catch (error) {
      // A closed database (a test's teardown, or shutdown) has nothing more to tell anyone.
      if (databaseIsOpen(this.db)) console.error("[live]", error);
    }
  }

  private poll = () => {
    this.timer = undefined;
    void this.check().then(() => {
      if (this.channels.size) this.timer ??= setTimeout(this.poll, pollMs);
    });
  };

  /**
   * A project's changes as they happen: first what was missed after `afterId` (a
   * reconnecting client passes its last id), then new ones, coalesced. `person` names who
   * holds the stream: more than `streamsPerPerson` at once is refused (RATE_LIMITED).
   * Ends when `signal` aborts.
   */
  async *subscribe(
    projectId: number,
    afterId: number | null,
    person: string,
    signal?: AbortSignal,
  ): AsyncGenerator<LiveUpdate> {
    if (this.stopping) throw restarting();
    const held = this.perPerson.get(person) ?? 0;
    if (held >= streamsPerPerson)
      throw rateLimited(
        `Too many live views open: at most ${streamsPerPerson} per person. Close a board or release page you are not watching.`,
      );
    this.perPerson.set(person, held + 1);
    await this.started;
    const subscriber: Subscriber = { queue: [], skippedTo: 0, wake: null };
    // Catch up with the log first, so the cursor splits missed events from new ones exactly:
    // no look at the log may come between this catch-up and the subscriber joining its channel.
    const channel = await this.exclusive(async () => {
      if (!this.channels.size) this.cursor = await lastEventId(this.db);
      else await this.checkNow();
      if (afterId !== null && afterId < this.cursor) {
        const missed = await missedEvents(this.db).execute({ projectId, after: afterId, upTo: this.cursor });
        if (missed.length > maxQueued) subscriber.skippedTo = this.cursor;
        else subscriber.queue = missed.map(({ projectId: _projectId, ...event }) => event);
      }
      let joined = this.channels.get(projectId);
      if (!joined) this.channels.set(projectId, (joined = new Channel()));
      joined.subscribers.add(subscriber);
      return joined;
    });
    this.timer ??= setTimeout(this.poll, pollMs);
    const onAbort = () => subscriber.wake?.();
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      while (!signal?.aborted) {
        if (this.stopping) throw restarting();
        if (!subscriber.queue.length && !subscriber.skippedTo) {
          await new Promise<void>((resolve) => (subscriber.wake = resolve));
          continue;
        }
        const { queue: events, skippedTo } = subscriber;
        subscriber.queue = [];
        subscriber.skippedTo = 0;
        this.messagesSent++;
        yield { lastId: Math.max(skippedTo, events.at(-1)?.id ?? 0), events, truncated: skippedTo > 0 };
      }
    } finally {
      signal?.removeEventListener("abort", onAbort);
      channel.subscribers.delete(subscriber);
      if (!channel.subscribers.size && this.channels.get(projectId) === channel) {
        channel.close();
        this.channels.delete(projectId);
      }
      const left = (this.perPerson.get(person) ?? 1) - 1;
      if (left > 0) this.perPerson.set(person, left);
      else this.perPerson.delete(person);
      if (!this.channels.size) {
        clearTimeout(this.timer);
        this.timer = undefined;
      }
    }
  }

  /**
   * Ends every open stream (a graceful stop, server/main.ts). Each ends without tRPC's "return"
   * event, as a dropped connection does, so the browser's EventSource reconnects, to another
   * instance or to this one restarted, and resumes from its last id.
   */
  endAll() {
    this.stopping = true;
    for (const channel of this.channels.values()) for (const subscriber of channel.subscribers) subscriber.wake?.();
  }

  /** Stops listening for commits (a test's teardown). */
  close() {
    this.stopListening();
    clearTimeout(this.timer);
    for (const channel of this.channels.values()) channel.close();
  }
}
