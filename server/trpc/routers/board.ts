import { z } from "zod";
import { tracked } from "@trpc/server";
import { findProject } from "../../engine";
import { getReleaseDetail } from "../../queries/release-detail";
import { getOverview } from "../../queries/overview";
import { releaseSearchInput, searchReleases } from "../../queries/release-search";
import { slugSchema, versionSchema } from "../../domain/schemas";
import { procedureFor, router, trpcErrorOf } from "../init";
import { DomainError } from "../../errors";

const read = procedureFor("read");

/** How often an open event stream checks that its session still stands, besides before every event. */
export const sessionRecheckMs = 30_000;

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
   * burst (server/live/feed.ts), tracked by the id of its last event, so a client that
   * reconnects resumes after the last one it saw. Idle streams get a ping (server/trpc/init.ts).
   * At most 20 open per person; the next is refused (RATE_LIMITED). The stream ends once
   * the session is gone: a disabled account before the next message, a sign-out or an
   * expiry within 30 s (the full session check runs every 30 s, not per message: 200
   * viewers of a busy board would otherwise cost a session lookup each per change).
   */
  events: read
    .input(z.object({ project: slugSchema, lastEventId: z.string().regex(/^\d+$/).nullish() }))
    .subscription(async function* ({ ctx, input, signal }) {
      const project = await findProject(ctx.db, input.project);
      const after = input.lastEventId ? Number(input.lastEventId) : null;
      const stillSignedIn = ctx.stillSignedIn ?? (async () => true);
      const stop = new AbortController();
      signal?.addEventListener("abort", () => stop.abort(), { once: true });
      const recheck = setInterval(
        () =>
          void stillSignedIn().then(
            (ok) => ok || stop.abort(),
            () => stop.abort(),
          ),
        sessionRecheckMs,
      );
      try {
        const person = `${ctx.actor.type}:${ctx.actor.id}`;
        for await (const update of ctx.live.subscribe(project.id, after, person, stop.signal)) {
          if (ctx.accountActive && !(await ctx.accountActive())) return;
          yield tracked(String(update.lastId), update);
        }
      } catch (error) {
        throw error instanceof DomainError ? trpcErrorOf(error) : error;
      } finally {
        clearInterval(recheck);
      }
    }),
});
