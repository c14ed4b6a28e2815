import { first } from "../../db/client";
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, max } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { auditEvents, auditKinds, environments, projects, releases } from "../../db/schema";
import { latestCheckpoint } from "../engine";
import { slugSchema } from "../domain/schemas";

/** The filters of the activity log; the page, its CSV export and the tRPC procedure share them. */
export const activityFilterSchema = z.object({
  project: slugSchema.optional(),
  environment: slugSchema.optional(),
  actor: z.string().min(1).max(200).optional(),
  kind: z.enum(auditKinds).optional(),
  since: z.coerce.date({ error: "must be a date-time" }).optional(),
  until: z.coerce.date({ error: "must be a date-time" }).optional(),
});
export type ActivityFilter = z.infer<typeof activityFilterSchema>;

export type ActivityEntry = {
  id: number;
  createdAt: Date;
  kind: (typeof auditKinds)[number];
  summary: string;
  actorType: "user" | "token" | "system";
  actorId: string;
  actorName: string;
  project: { slug: string; name: string } | null;
  environment: string | null;
  release: string | null;
};

/**
 * The conditions of a filter. An unknown project or environment matches nothing rather
 * than everything, so a stale link never shows the whole log under a wrong heading.
 */
async function conditionsOf(db: Db, filter: ActivityFilter) {
  let projectId: number | undefined;
  if (filter.project) {
    projectId =
      (await first(db.select({ id: projects.id }).from(projects).where(eq(projects.slug, filter.project))))?.id ?? -1;
  }
  let environmentIds: number[] | undefined;
  if (filter.environment) {
    environmentIds = (
      await db
        .select({ id: environments.id })
        .from(environments)
        .where(
          and(
            eq(environments.slug, filter.environment),
            projectId !== undefined ? eq(environments.projectId, projectId) : undefined,
          ),
        )
    ).map((e) => e.id);
    if (!environmentIds.length) environmentIds = [-1];
  }
  return [
    projectId !== undefined ? eq(auditEvents.projectId, projectId) : undefined,
    environmentIds ? inArray(auditEvents.environmentId, environmentIds) : undefined,
    filter.actor ? eq(auditEvents.actorId, filter.actor) : undefined,
    filter.kind ? eq(auditEvents.kind, filter.kind) : undefined,
    filter.since ? gte(auditEvents.createdAt, filter.since) : undefined,
    filter.until ? lte(auditEvents.createdAt, filter.until) : undefined,
  ];
}

/**
 * The activity log newest first, one page at a time. The cursor is the id of the last
 * entry seen, so a page costs an index seek however deep into the log it is.
 */
export async function listActivity(
  db: Db,
  filter: ActivityFilter,
  page: { cursor?: number | null; limit?: number } = {},
) {
  const limit = page.limit ?? 50;
  const rows = await (await activityQuery(db, filter, page.cursor, limit + 1)).query;
  const items: ActivityEntry[] = rows
    .slice(0, limit)
    .map(({ projectSlug, projectName, ...row }) => ({
      ...row,
      project: projectSlug ? { slug: projectSlug, name: projectName! } : null,
    }));
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}

/**
 * The page query itself, exported so a test can check its plan. Wrapped in an object: an
 * awaited builder would run (drizzle's builders are thenables).
 */
export async function activityQuery(db: Db, filter: ActivityFilter, cursor: number | null | undefined, limit: number) {
  const conditions = await conditionsOf(db, filter);
  const query = db
    .select({
      id: auditEvents.id,
      createdAt: auditEvents.createdAt,
      kind: auditEvents.kind,
      summary: auditEvents.summary,
      actorType: auditEvents.actorType,
      actorId: auditEvents.actorId,
      actorName: auditEvents.actorName,
      projectSlug: projects.slug,
      projectName: projects.name,
      environment: environments.name,
      release: releases.version,
    })
    .from(auditEvents)
    .leftJoin(projects, eq(projects.id, auditEvents.projectId))
    .leftJoin(environments, eq(environments.id, auditEvents.environmentId))
    .leftJoin(releases, eq(releases.id, auditEvents.releaseId))
    .where(and(...conditions, cursor ? lt(auditEvents.id, cursor) : undefined))
    .orderBy(desc(auditEvents.id))
    .limit(limit);
  return { query };
}

/** What the filter menus offer: projects with their environments, and everyone who has done something. */
export async function activityFilterOptions(db: Db) {
  const projectRows = await db
    .select({ slug: projects.slug, name: projects.name, id: projects.id })
    .from(projects)
    .orderBy(asc(projects.name));
  const environmentRows = await db
    .select({ projectId: environments.projectId, slug: environments.slug, name: environments.name })
    .from(environments)
    .where(isNull(environments.removedAt))
    .orderBy(asc(environments.position));
  // Each actor's newest entry, found by walking the (actor_id, id) index: the name as it reads now.
  const actors = (
    await db
      .select({ id: auditEvents.actorId, name: auditEvents.actorName, type: auditEvents.actorType })
      .from(auditEvents)
      .where(
        inArray(
          auditEvents.id,
          db
            .select({ id: max(auditEvents.id) })
            .from(auditEvents)
            .groupBy(auditEvents.actorId),
        ),
      )
  ).sort((a, b) => a.name.localeCompare(b.name));
  return {
    projects: projectRows.map((p) => ({
      slug: p.slug,
      name: p.name,
      environments: environmentRows.filter((e) => e.projectId === p.id).map(({ slug, name }) => ({ slug, name })),
    })),
    actors,
    kinds: auditKinds,
  };
}

/** The latest signed checkpoint: the activity log was verified up to it when it was signed (README: Evidence). */
export async function auditVerifiedUpTo(db: Db): Promise<{ seq: number; at: Date } | null> {
  const checkpoint = await latestCheckpoint(db);
  return checkpoint ? { seq: checkpoint.seq, at: checkpoint.createdAt } : null;
}
