import { and, asc, desc, eq, gte, isNull, lt } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { environments, projects, releases } from "../../db/schema";

export const releaseSearchInput = z.object({ query: z.string().trim().min(1, "type the start of a version").max(100) });

/** Enough to jump to; a prefix as short as "1" matches a project's whole history. */
export const releaseSearchLimit = 20;

export type ReleaseHit = {
  project: string;
  projectName: string;
  version: string;
  state: (typeof releases.$inferSelect)["state"];
  environmentName: string;
};

/**
 * Releases of every project on the overview (archived ones are left out) whose version starts
 * with `query`, newest version first per project. A range on (project, version) rather than
 * LIKE: LIKE would treat `_` as a wildcard and could not use the unique index.
 */
export async function searchReleases(db: Db, query: string): Promise<ReleaseHit[]> {
  // The largest code point sorts after anything that may follow the prefix in UTF-8 order.
  const upper = `${query}\u{10FFFF}`;
  return await db
    .select({
      project: projects.slug,
      projectName: projects.name,
      version: releases.version,
      state: releases.state,
      environmentName: environments.name,
    })
    .from(releases)
    .innerJoin(projects, eq(projects.id, releases.projectId))
    .innerJoin(environments, eq(environments.id, releases.environmentId))
    .where(and(isNull(projects.archivedAt), gte(releases.version, query), lt(releases.version, upper)))
    .orderBy(asc(projects.name), desc(releases.createdAt), desc(releases.id))
    .limit(releaseSearchLimit);
}
