import { timeParam } from "../../db/dialect";
import { first } from "../../db/client";
import { and, desc, eq, gt, inArray, lte, sql } from "drizzle-orm";
import { preparedQuery, type Queryable, type Tx } from "../../db/client";
import { releaseChanges, releases, type Release } from "../../db/schema";

// Prepared once per connection: the sign-off inbox runs these for every waiting release.
const liveQuery = preparedQuery((db) =>
  db
    .select()
    .from(releases)
    .where(and(eq(releases.environmentId, sql.placeholder("environmentId")), eq(releases.state, "active")))
    .orderBy(desc(releases.enteredAt))
    .limit(1)
    .prepare(),
);

const betweenQueryOf = (fromLive: boolean) =>
  preparedQuery((db: Queryable) =>
    db
      .select({ id: releases.id, version: releases.version })
      .from(releases)
      .where(
        and(
          eq(releases.projectId, sql.placeholder("projectId")),
          fromLive ? gt(releases.createdAt, sql.placeholder("after")) : undefined,
          lte(releases.createdAt, sql.placeholder("upTo")),
        ),
      )
      .orderBy(desc(releases.createdAt))
      .prepare(),
  );

const releasesBetween = betweenQueryOf(true);
const releasesUpTo = betweenQueryOf(false);

/** The active release most recently entered into an environment: what is live there now. */
export async function liveReleaseIn(tx: Tx, environmentId: number): Promise<Release | undefined> {
  return await first(await liveQuery(tx).execute({ environmentId }));
}

/**
 * Every change a release brings over `live` (all releases created after it, up to this one),
 * newest release first, at most `limit`; `total` counts them all.
 */
export async function changesSince(tx: Tx, release: Release, live: Release | undefined, limit: number) {
  const between = await (live ? releasesBetween : releasesUpTo)(tx).execute({
    projectId: release.projectId,
    after: live ? timeParam(live.createdAt) : undefined,
    upTo: timeParam(release.createdAt),
  });
  if (between.length === 0) return { changes: [], total: 0 };
  const all = (
    await tx
      .select()
      .from(releaseChanges)
      .where(
        inArray(
          releaseChanges.releaseId,
          between.map((r) => r.id),
        ),
      )
  ).sort((a, b) => b.releaseId - a.releaseId || a.position - b.position);
  const changes = all
    .slice(0, limit)
    .map((c) => ({ ...c, version: between.find((r) => r.id === c.releaseId)!.version }));
  return { changes, total: all.length };
}
