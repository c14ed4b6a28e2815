import { first } from "../../db/client";
import { eq, sql } from "drizzle-orm";
import { preparedQuery, type Db } from "../../db/client";
import { auditEvents, projects } from "../../db/schema";
import { getBoard, type Board } from "./board";

/**
 * A board as served: `asOfEvent` is the last audit event of the project it includes, the
 * id a live update carries (server/live/feed.ts), so a client can tell a fresh board.
 */
export type BoardSnapshot = Board & { asOfEvent: number };

/** How long a snapshot serves when nothing is written: for what changes with time alone (a soak ending, a freeze starting). */
export const snapshotMaxAgeMs = 5_000;

/** The project's last audit event: every change to a board writes one (README: Activity), so it keys the board. */
const projectCursor = preparedQuery((db) =>
  db
    .select({ id: sql<number | null>`max(${auditEvents.id})` })
    .from(auditEvents)
    // A scalar subquery, so SQLite answers max() with one seek of (project_id, id).
    .where(
      eq(
        auditEvents.projectId,
        sql`(select ${projects.id} from ${projects} where ${projects.slug} = ${sql.placeholder("slug")})`,
      ),
    )
    .prepare(),
);

/**
 * Each project's board computed once per change and served to every viewer: a release
 * day's 200 open boards cost one board computation per change, not 200 (BENCHMARKS.md).
 * A snapshot is keyed by the project's last audit event and replaced when the next one
 * is written, or after `snapshotMaxAgeMs`. The board is the same for every role that may
 * read it (`getBoard` takes no actor); a field that differs by role would have to be part
 * of the key. Built once per runtime (server/runtime.ts), reached through the tRPC context.
 */
export class BoardSnapshots {
  private readonly byProject = new Map<string, { key: number; at: number; board: BoardSnapshot }>();
  private readonly computing = new Map<string, { key: number; board: Promise<BoardSnapshot> }>();
  /** Boards computed since start, and boards served from a snapshot: the bench reads both (/api/metrics). */
  computations = 0;
  served = 0;

  async get(db: Db, slug: string, now = new Date()): Promise<BoardSnapshot> {
    this.served++;
    // Read before the board: a write in between only makes the board newer than its key,
    // and the next request, seeing a newer key, computes again. Never the other way round.
    const key = (await first(await projectCursor(db).execute({ slug })))?.id ?? 0;
    const kept = this.byProject.get(slug);
    if (kept && kept.key === key && now.getTime() - kept.at < snapshotMaxAgeMs && now.getTime() >= kept.at)
      return kept.board;
    // Viewers asking while the board for this key is being read share that reading.
    const pending = this.computing.get(slug);
    if (pending && pending.key === key) return pending.board;
    const board = this.compute(db, slug, now, key);
    this.computing.set(slug, { key, board });
    try {
      return await board;
    } finally {
      if (this.computing.get(slug)?.board === board) this.computing.delete(slug);
    }
  }

  private async compute(db: Db, slug: string, now: Date, key: number): Promise<BoardSnapshot> {
    // Frozen: one object for every viewer, serialized once for all of them (server/trpc/init.ts).
    const board = Object.freeze({ ...(await getBoard(db, slug, now)), asOfEvent: key });
    this.computations++;
    this.byProject.set(slug, { key, at: now.getTime(), board });
    return board;
  }
}
