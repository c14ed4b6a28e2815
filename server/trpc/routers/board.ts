import { z } from "zod";
import { tracked } from "@trpc/server";
import { getReleaseDetail } from "../../queries/release-detail";
import { getOverview } from "../../queries/overview";
import { releaseSearchInput, searchReleases } from "../../queries/release-search";
import { slugSchema, versionSchema } from "../../domain/schemas";
import { procedureFor, router, trpcErrorOf } from "../init";
import { DomainError } from "../../errors";
import { boardEventsInput, projectStream } from "../../live/stream";

const read = procedureFor("read");

export const boardRouter = router({
  overview: read.query(({ ctx }) => getOverview(ctx.db)),
  /** Served from the project's snapshot: computed once per change, whoever asks (server/queries/board-snapshots.ts). */
  board: read.input(z.object({ project: slugSchema })).query(({ ctx, input }) => ctx.boards.get(ctx.db, input.project)),
  release: read
    .input(z.object({ project: slugSchema, version: versionSchema }))
    .query(({ ctx, input }) => getReleaseDetail(ctx.db, input.project, input.version)),
  /** Jump to a release (Ctrl/Cmd-K): versions starting with the query, across projects. */
  findReleases: read.input(releaseSearchInput).query(({ ctx, input }) => searchReleases(ctx.db, input.query)),
  /**
   * Every change to a project as it happens, over server-sent events: one message per
   * burst (server/live/feed.ts) carrying the board's change, tracked by the id of its last
   * event, so a client that reconnects resumes after the last one it saw. Over HTTP the
   * stream is served by its own door before Next (server/trpc/live-stream.ts), with the same
   * checks; this procedure is the same stream for in-process callers and types the client.
   * Idle streams get a ping. At most 20 open per person; the next is refused (RATE_LIMITED).
   * The stream ends once the session is gone (server/live/stream.ts).
   */
  events: read.input(boardEventsInput).subscription(async function* ({ ctx, input, signal }) {
    try {
      for await (const update of projectStream({
        db: ctx.db,
        live: ctx.live,
        project: input.project,
        lastEventId: input.lastEventId,
        person: `${ctx.actor.type}:${ctx.actor.id}`,
        checks: { stillSignedIn: ctx.stillSignedIn, accountActive: ctx.accountActive },
        signal,
      }))
        yield tracked(String(update.lastId), update);
    } catch (error) {
      throw error instanceof DomainError ? trpcErrorOf(error) : error;
    }
  }),
});
