import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { environments, projects, releases } from "../../db/schema";

/** The project list: each project with its pipeline and how many releases are on its board. */
export function listProjects(db: Db) {
  const rows = db
    .select({
      id: projects.id,
      slug: projects.slug,
      name: projects.name,
      activeReleases: sql<number>`(select count(*) from ${releases} where ${releases.projectId} = ${projects.id} and ${releases.state} = 'active')`,
    })
    .from(projects)
    .where(isNull(projects.archivedAt))
    .orderBy(asc(projects.name))
    .all();
  const envs = db
    .select({ projectId: environments.projectId, name: environments.name, position: environments.position })
    .from(environments)
    .where(and(isNull(environments.removedAt)))
    .orderBy(asc(environments.projectId), asc(environments.position))
    .all();
  return rows.map((p) => ({ ...p, environments: envs.filter((e) => e.projectId === p.id).map((e) => e.name) }));
}

export function projectExists(db: Db, slug: string): boolean {
  return db.select({ id: projects.id }).from(projects).where(eq(projects.slug, slug)).get() !== undefined;
}
