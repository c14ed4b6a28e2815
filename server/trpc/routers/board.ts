import { z } from "zod";
import { tracked } from "@trpc/server";
import { projectEvents } from "../../live/feed";
import { findProject } from "../../engine";
import { getBoard } from "../../queries/board";
import { getReleaseDetail } from "../../queries/release-detail";
import { getOverview } from "../../queries/overview";
import { releaseSearchInput, searchReleases } from "../../queries/release-search";
import { slugSchema, versionSchema } from "../../domain/schemas";
import { procedureFor, router } from "../init";

const read = procedureFor("read");

/** How often an open event stream checks that its session still stands, besides before every event. */
export const sessionRecheckMs = 30_000;

export const boardRouter = router({
  overview: read.query(({ ctx }) => getOverview(ctx.db)),
  board: read.input(z.object({ project: slugSchema })).query(({ ctx, input }) => getBoard(ctx.db, input.project)),
  release: read
    .input(z.object({ project: slugSchema, version: versionSchema }))
    .query(({ ctx, input }) => getReleaseDetail(ctx.db, input.project, input.version)),
  /** Jump to a release (Ctrl/Cmd-K): versions starting with the query, across projects. */
  findReleases: read.input(releaseSearchInput).query(({ ctx, input }) => searchReleases(ctx.db, input.query)),
  /**
   * Every change to a project as it happens, over server-sent events. Each event is
   * tracked by its id, so a client that reconnects resumes after the last one it saw.
   * The stream ends once the session is gone (sign-out, disabled account, expiry):
   * checked before every event and every 30 s while nothing happens.
   */
  events: read
    .input(z.object({ project: slugSchema, lastEventId: z.string().regex(/^\d+$/).nullish() }))
    .subscription(async function* ({ ctx, input, signal }) {
      const project = findProject(ctx.db, input.project);
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
        for await (const event of projectEvents(ctx.db, project.id, after, stop.signal)) {
          if (!(await stillSignedIn())) return;
          yield tracked(String(event.id), event);
        }
      } finally {
        clearInterval(recheck);
      }
    }),
});
