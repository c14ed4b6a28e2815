import { databaseIsOpen, first, rawRows } from "../../db/client";
import { and, asc, eq, gt, lte, sql } from "drizzle-orm";
import { preparedQuery, type Db, type Queryable } from "../../db/client";
import { auditEvents, projects, releases, type AuditEvent } from "../../db/schema";
import { rateLimited } from "../errors";
import { diffBoard, type BoardPatch } from "../domain/board-patch";
import { liveScope } from "../domain/live-scope";
import type { BoardSnapshot, BoardSnapshots } from "../queries/board-snapshots";
import { onCommit } from "./commits";

/** Writes from other processes (the CLI) are only seen by polling; this process's are pushed. */
const pollMs = 2_000;
/**
 * A burst (a cascade of moves, a matrix of results) reaches a project's viewers as one update
 * per window. Short, because a change that follows another within it waits for its end: at 100 ms,
 * results arriving one by one every ~80 ms each waited most of it (BENCHMARKS.md, "A release day").
 */
export const coalesceMs = 50;
/** How many live streams one person may hold open at once (tabs, wall screens); the next one is refused. */
export const streamsPerPerson = 20;
/** A reconnecting viewer that missed more events than this is told to reload everything instead. */
const maxQueued = 500;
/** A viewer whose connection holds this many updates unsent is told to reload everything once it drains. */
const maxQueuedUpdates = 100;
const readBatch = 1_000;

export type LiveEvent = Pick<
  AuditEvent,
  "id" | "kind" | "summary" | "releaseId" | "environmentId" | "createdAt" | "actorName"
> & {
  /** The release's version, so a release page can tell whether an event concerns it. */
  version: string | null;
};

/** What ends a feed on a stop: tRPC ends the stream quietly on an AbortError, without "return". */
const restarting = () => new DOMException("The server is restarting; reconnect", "AbortError");

/**
 * One message of a project's stream: the events of one burst, oldest first, and what they
 * changed on the board (`board`: null when they changed nothing it shows, or when the
 * message is a reconnecting viewer's catch-up). `truncated`: the viewer fell behind and
 * `events` is not all of them; refetch everything. One frozen object per burst, sent to every
 * viewer of the project, so it is serialized once for all of them (server/trpc/live-stream.ts).
 */
export type LiveUpdate = Readonly<{
  lastId: number;
  events: LiveEvent[];
  truncated: boolean;
  board: BoardPatch<BoardSnapshot> | null;
}>;

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

const projectSlug = preparedQuery((db) =>
  db
    .select({ slug: projects.slug })
    .from(projects)
    .where(eq(projects.id, sql.placeholder("id")))
    .prepare(),
);

const lastEventId = async (db: Queryable) =>
  (await first(await rawRows<{ id: number | null }>(db, sql`select max(id) as id from audit_events`)))?.id ?? 0;

type Subscriber = {
  queue: LiveUpdate[];
  /** Updates were dropped up to this id (the viewer fell behind); 0 when none were. */
  skippedTo: number;
  wake: (() => void) | null;
};

/**
 * The viewers of one project: what is waiting to go out, when the last update went, and the
 * board they were last sent, which the next update's patch is computed from.
 */
class Channel {
  readonly subscribers = new Set<Subscriber>();
  private pending: LiveEvent[] = [];
  private lastFlush = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private flushing = false;
  private sent: BoardSnapshot | null = null;

  /** `board`: the project's board now (a snapshot, computed once per change); null: updates carry no board. */
  constructor(private readonly board: (() => Promise<BoardSnapshot>) | null) {}

  add(events: LiveEvent[]) {
    this.pending.push(...events);
    this.schedule();
  }

  private schedule() {
    if (this.timer || this.flushing || !this.pending.length) return;
    const wait = this.lastFlush + coalesceMs - performance.now();
    // The first change after a quiet spell goes out at once; the rest of a burst waits for
    // the end of the window, so no change is held longer than `coalesceMs` (plus one board read).
    if (wait <= 0) void this.flush();
    else this.timer = setTimeout(() => void this.flush(), wait);
  }

  private async flush() {
    this.timer = undefined;
    this.flushing = true;
    this.lastFlush = performance.now();
    const events = this.pending;
    this.pending = [];
    let board: LiveUpdate["board"] = null;
    // The board is read once for every viewer, and only when the burst changed something it shows.
    if (this.board && liveScope(events).board) {
      try {
        const now = await this.board();
        board = diffBoard(this.sent, now);
        this.sent = now;
      } catch (error) {
        // Without a patch the viewers fetch the board themselves; the next patch starts afresh.
        console.error("[live] board", error);
        this.sent = null;
      }
    }
    const update: LiveUpdate = Object.freeze({ lastId: events.at(-1)!.id, events, truncated: false, board });
    for (const subscriber of this.subscribers) deliver(subscriber, update);
    this.flushing = false;
    this.schedule();
  }

  close() {
    clearTimeout(this.timer);
  }
}

function deliver(subscriber: Subscriber, update: LiveUpdate) {
  subscriber.queue.push(update);
  if (subscriber.queue.length > maxQueuedUpdates) {
    subscriber.skippedTo = update.lastId;
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
 * projects; each project's viewers get it as one update per `coalesceMs` window, with the
 * board's change in it: the board read once for all of them and diffed with the board they
 * were sent before (server/domain/board-patch.ts), so no viewer fetches it again. What wakes
 * the feed is only an audit id moving on: a second instance would be woken the same way by
 * the ids another instance announces (Postgres LISTEN/NOTIFY), and compute the change once
 * for its own viewers. Built once per runtime (server/runtime.ts) and reached through the
 * tRPC context and the stream's own door (server/trpc/live-stream.ts).
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
  /**
   * Accounts disabled since start, as read from the log (this process's writes and others'): a
   * stream asks whether its account is still enabled only when this moved (server/live/stream.ts),
   * not one query per viewer per update.
   */
  accountsDisabled = 0;

  /** `boards`: each update carries the board's change, read from these snapshots (none: updates carry no board). */
  constructor(
    private readonly db: Db,
    private readonly boards?: BoardSnapshots,
  ) {
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

  /** How a project's channel reads its board: by the project's slug, from the shared snapshots. */
  private boardOf(projectId: number): (() => Promise<BoardSnapshot>) | null {
    const boards = this.boards;
    if (!boards) return null;
    return async () => {
      const project = await first(await projectSlug(this.db).execute({ id: projectId }));
      if (!project) throw new Error(`project ${projectId} is gone`);
      return boards.get(this.db, project.slug);
    };
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
          if (event.kind === "user.disabled") this.accountsDisabled++;
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
        else if (missed.length) {
          const events = missed.map(({ projectId: _projectId, ...event }) => event);
          // No board in a catch-up: the viewer's board is older than any patch; it fetches the board once.
          subscriber.queue = [Object.freeze({ lastId: events.at(-1)!.id, events, truncated: false, board: null })];
        }
      }
      let joined = this.channels.get(projectId);
      if (!joined) this.channels.set(projectId, (joined = new Channel(this.boardOf(projectId))));
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
        this.messagesSent++;
        if (subscriber.skippedTo) {
          const lastId = Math.max(subscriber.skippedTo, subscriber.queue.at(-1)?.lastId ?? 0);
          subscriber.queue = [];
          subscriber.skippedTo = 0;
          yield { lastId, events: [], truncated: true, board: null };
        } else yield subscriber.queue.shift()!;
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
