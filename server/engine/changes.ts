import { and, desc, eq, gt, inArray, lte } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { releaseChanges, releases, type Release } from "../../db/schema";

/** The active release most recently entered into an environment: what is live there now. */
export function liveReleaseIn(tx: Tx, environmentId: number): Release | undefined {
  return tx
    .select()
    .from(releases)
    .where(and(eq(releases.environmentId, environmentId), eq(releases.state, "active")))
    .orderBy(desc(releases.enteredAt))
    .limit(1)
    .get();
}

/**
 * Every change a release brings over `live` (all releases created after it, up to this one),
 * newest release first, at most `limit`; `total` counts them all.
 */
export function changesSince(tx: Tx, release: Release, live: Release | undefined, limit: number) {
  const between = tx
    .select({ id: releases.id, version: releases.version })
    .from(releases)
    .where(and(eq(releases.projectId, release.projectId), live ? gt(releases.createdAt, live.createdAt) : undefined, lte(releases.createdAt, release.createdAt)))
    .orderBy(desc(releases.createdAt))
    .all();
  if (between.length === 0) return { changes: [], total: 0 };
  const all = tx
    .select()
    .from(releaseChanges)
    .where(inArray(releaseChanges.releaseId, between.map((r) => r.id)))
    .all()
    .sort((a, b) => b.releaseId - a.releaseId || a.position - b.position);
  const changes = all.slice(0, limit).map((c) => ({ ...c, version: between.find((r) => r.id === c.releaseId)!.version }));
  return { changes, total: all.length };
}
