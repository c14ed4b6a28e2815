import { first } from "../../db/client";
import { and, asc, eq, isNull, like, sql } from "drizzle-orm";
import { preparedQuery, type Db, type Tx } from "../../db/client";
import { environments, projects, releases, type Environment, type Project, type Release } from "../../db/schema";
import { notFound } from "../errors";
import { sortPipeline } from "../domain/policy";

const projectBySlug = preparedQuery((db) =>
  db
    .select()
    .from(projects)
    .where(eq(projects.slug, sql.placeholder("slug")))
    .prepare(),
);

const pipelineQuery = preparedQuery((db) =>
  db
    .select()
    .from(environments)
    .where(and(eq(environments.projectId, sql.placeholder("projectId")), isNull(environments.removedAt)))
    .orderBy(asc(environments.position))
    .prepare(),
);

const releaseByVersion = preparedQuery((db) =>
  db
    .select()
    .from(releases)
    .where(and(eq(releases.projectId, sql.placeholder("projectId")), eq(releases.version, sql.placeholder("version"))))
    .prepare(),
);

export async function projectBySlugOrNull(tx: Tx | Db, slug: string): Promise<Project | null> {
  return (await first(await projectBySlug(tx).execute({ slug }))) ?? null;
}

export async function findProject(tx: Tx | Db, slug: string): Promise<Project> {
  const project = await first(await projectBySlug(tx).execute({ slug }));
  if (!project) throw notFound(`No project "${slug}"`);
  return project;
}

export async function findProjectById(tx: Tx | Db, id: number): Promise<Project> {
  const project = await first(tx.select().from(projects).where(eq(projects.id, id)));
  if (!project) throw notFound(`No project ${id}`);
  return project;
}

/** The project's current environments, in pipeline order. */
export async function loadPipeline(tx: Tx | Db, projectId: number): Promise<Environment[]> {
  return sortPipeline(await pipelineQuery(tx).execute({ projectId }));
}

export function findEnvironment(pipeline: Environment[], slug: string, project: Project): Environment {
  const environment = pipeline.find((e) => e.slug === slug);
  if (!environment) {
    const known = pipeline.map((e) => e.slug).join(", ");
    throw notFound(`No environment "${slug}" in ${project.name} (it has: ${known})`);
  }
  return environment;
}

export async function findRelease(tx: Tx | Db, project: Project, version: string): Promise<Release> {
  const release = await first(await releaseByVersion(tx).execute({ projectId: project.id, version }));
  if (!release) throw notFound(`No release "${version}" in ${project.name}`);
  return release;
}

/**
 * The release of a project built from commit `sha`: a full SHA, or (for GitLab's short
 * SHAs, `prefix`) an abbreviation of at least 7 characters. Undefined when none is.
 */
export async function releaseByCommit(
  tx: Tx | Db,
  projectId: number,
  sha: string,
  { prefix = false } = {},
): Promise<Release | undefined> {
  const wanted = sha.toLowerCase();
  const exact = await first(
    tx
      .select()
      .from(releases)
      .where(and(eq(releases.projectId, projectId), eq(releases.commitSha, wanted))),
  );
  if (exact || !prefix || wanted.length >= 40) return exact;
  if (!/^[0-9a-f]{7,64}$/.test(wanted)) return undefined;
  return await first(
    tx
      .select()
      .from(releases)
      .where(and(eq(releases.projectId, projectId), like(releases.commitSha, `${wanted}%`))),
  );
}

/**
 * The release a CI run without a commit SHA was built as (Azure's run events, a manual build):
 * the one whose version is the run's number ("20241202.1"), provided that, where both name a
 * branch, it is the run's branch. One index seek (releases_project_version_uq).
 */
export async function releaseByRunNumber(
  tx: Tx | Db,
  projectId: number,
  run: { number: string; branch?: string | null },
): Promise<Release | undefined> {
  const release = await first(
    tx
      .select()
      .from(releases)
      .where(and(eq(releases.projectId, projectId), eq(releases.version, run.number))),
  );
  if (!release) return undefined;
  const branch = run.branch?.replace(/^refs\/heads\//, "");
  return branch && release.branch && release.branch !== branch ? undefined : release;
}
