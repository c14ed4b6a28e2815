import { and, asc, count, eq, isNotNull } from "drizzle-orm";
import type { Db, Queryable } from "../../db/client";
import { environments, projects, releases } from "../../db/schema";

export function projectExists(db: Db, slug: string): boolean {
  return db.select({ id: projects.id }).from(projects).where(eq(projects.slug, slug)).get() !== undefined;
}

export function releaseExists(db: Db, slug: string, version: string): boolean {
  return (
    db
      .select({ id: releases.id })
      .from(releases)
      .innerJoin(projects, eq(projects.id, releases.projectId))
      .where(and(eq(projects.slug, slug), eq(releases.version, version)))
      .get() !== undefined
  );
}

export function listArchivedProjects(db: Db) {
  return db
    .select({ slug: projects.slug, name: projects.name, archivedAt: projects.archivedAt })
    .from(projects)
    .where(isNotNull(projects.archivedAt))
    .orderBy(asc(projects.name))
    .all();
}

/** How many active releases each environment of a project holds, by environment slug. */
export function countActiveReleases(db: Queryable, projectId: number): Record<string, number> {
  const rows = db
    .select({ slug: environments.slug, n: count() })
    .from(releases)
    .innerJoin(environments, eq(environments.id, releases.environmentId))
    .where(and(eq(releases.projectId, projectId), eq(releases.state, "active")))
    .groupBy(environments.slug)
    .all();
  return Object.fromEntries(rows.map((r) => [r.slug, r.n]));
}
