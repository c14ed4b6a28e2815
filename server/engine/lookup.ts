import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { prepared } from "../../db/prepared";
import type { Db, Tx } from "../../db/client";
import { environments, projects, releases, type Environment, type Project, type Release } from "../../db/schema";
import { notFound } from "../errors";
import { sortPipeline } from "../domain/policy";

const projectBySlug = (tx: Tx | Db) =>
  prepared(tx, "projectBySlug", (db) => db.select().from(projects).where(eq(projects.slug, sql.placeholder("slug"))).prepare());

export function projectBySlugOrNull(tx: Tx | Db, slug: string): Project | null {
  return projectBySlug(tx).get({ slug }) ?? null;
}

export function findProject(tx: Tx | Db, slug: string): Project {
  const project = projectBySlug(tx).get({ slug });
  if (!project) throw notFound(`No project "${slug}"`);
  return project;
}

/** The project's current environments, in pipeline order. */
export function loadPipeline(tx: Tx | Db, projectId: number): Environment[] {
  const query = prepared(tx, "pipeline", (db) =>
    db
      .select()
      .from(environments)
      .where(and(eq(environments.projectId, sql.placeholder("projectId")), isNull(environments.removedAt)))
      .orderBy(asc(environments.position))
      .prepare(),
  );
  return sortPipeline(query.all({ projectId }));
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
  const release = prepared(tx, "releaseByVersion", (db) =>
    db
      .select()
      .from(releases)
      .where(and(eq(releases.projectId, sql.placeholder("projectId")), eq(releases.version, sql.placeholder("version"))))
      .prepare(),
  ).get({ projectId: project.id, version });
  if (!release) throw notFound(`No release "${version}" in ${project.name}`);
  return release;
}
