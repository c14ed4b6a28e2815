import { first } from "../../db/client";
import { and, asc, count, eq, isNotNull } from "drizzle-orm";
import type { Db, Queryable } from "../../db/client";
import { environments, projects, releases } from "../../db/schema";

export async function projectExists(db: Db, slug: string): Promise<boolean> {
  return (await first(db.select({ id: projects.id }).from(projects).where(eq(projects.slug, slug)))) !== undefined;
}

export async function releaseExists(db: Db, slug: string, version: string): Promise<boolean> {
  return (
    (await first(
      db
        .select({ id: releases.id })
        .from(releases)
        .innerJoin(projects, eq(projects.id, releases.projectId))
        .where(and(eq(projects.slug, slug), eq(releases.version, version))),
    )) !== undefined
  );
}

export async function listArchivedProjects(db: Db) {
  return await db
    .select({ slug: projects.slug, name: projects.name, archivedAt: projects.archivedAt })
    .from(projects)
    .where(isNotNull(projects.archivedAt))
    .orderBy(asc(projects.name));
}

/** How many active releases each environment of a project holds, by environment slug. */
export async function countActiveReleases(db: Queryable, projectId: number): Promise<Record<string, number>> {
  const rows = await db
    .select({ slug: environments.slug, n: count() })
    .from(releases)
    .innerJoin(environments, eq(environments.id, releases.environmentId))
    .where(and(eq(releases.projectId, projectId), eq(releases.state, "active")))
    .groupBy(environments.slug);
  return Object.fromEntries(rows.map((r) => [r.slug, r.n]));
}

export async function environmentExists(db: Db, slug: string, environment: string): Promise<boolean> {
  return (
    (await first(
      db
        .select({ id: environments.id })
        .from(environments)
        .innerJoin(projects, eq(projects.id, environments.projectId))
        .where(and(eq(projects.slug, slug), eq(environments.slug, environment))),
    )) !== undefined
  );
}
