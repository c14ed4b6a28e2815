import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db, Tx } from "../../../db/client";
import { environments, projects, releases, type Environment, type Project, type Release } from "../../../db/schema";
import { notFound } from "../../errors";
import { sortPipeline } from "../../domain/policy";

export function findProject(tx: Tx | Db, slug: string): Project {
  const project = tx.select().from(projects).where(eq(projects.slug, slug)).get();
  if (!project) throw notFound(`No project "${slug}"`);
  return project;
}

/** The project's current environments, in pipeline order. */
export function loadPipeline(tx: Tx | Db, projectId: number): Environment[] {
  return sortPipeline(
    tx
      .select()
      .from(environments)
      .where(and(eq(environments.projectId, projectId), isNull(environments.removedAt)))
      .orderBy(asc(environments.position))
      .all(),
  );
}

export function findEnvironment(pipeline: Environment[], slug: string, project: Project): Environment {
  const environment = pipeline.find((e) => e.slug === slug);
  if (!environment) {
    const known = pipeline.map((e) => e.slug).join(", ");
    throw notFound(`No environment "${slug}" in ${project.name} (it has: ${known})`);
  }
  return environment;
}

export function findRelease(tx: Tx | Db, project: Project, version: string): Release {
  const release = tx
    .select()
    .from(releases)
    .where(and(eq(releases.projectId, project.id), eq(releases.version, version)))
    .get();
  if (!release) throw notFound(`No release "${version}" in ${project.name}`);
  return release;
}
