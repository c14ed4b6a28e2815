import { first } from "../../db/client";
import { z } from "zod";
import { displayNameSchema } from "../domain/names";
import { releaseChanges, releases, type Release } from "../../db/schema";
import { conflict, invalid } from "../errors";
import { authorize, clock, parseInput, writeTransaction, type VerbArgs, actorColumnsOf } from "./context";
import { httpUrlSchema, slugSchema, versionSchema } from "../domain/schemas";
import { autoPromote, type AutoPromotion, findProject, loadPipeline, applyMove } from "../engine";
import { and, eq } from "drizzle-orm";

export const createReleaseInput = z.object({
  project: slugSchema,
  version: versionSchema,
  commitSha: z
    .string()
    .regex(/^[0-9a-f]{7,64}$/i, "must be a 7–64 character hex commit SHA")
    .transform((s) => s.toLowerCase())
    .optional(),
  branch: displayNameSchema(255).optional(),
  /** When the head commit was made: lead time for changes starts there (README: Insights). */
  committedAt: z.iso
    .datetime({ offset: true, error: "must be an ISO 8601 time with a time zone, e.g. 2026-12-02T14:00:00Z" })
    .transform((s) => new Date(s))
    .optional(),
  // Bounded so that rendering them stays cheap (server/render/markdown.ts).
  notes: z.string().max(20_000, "must be at most 20,000 characters").optional(),
  url: httpUrlSchema.optional(),
  changes: z
    .array(
      z.object({
        id: z.string().min(1).max(200),
        title: z.string().min(1).max(1000),
        author: z.string().max(200).optional(),
        url: httpUrlSchema.optional(),
      }),
    )
    .max(1000, "at most 1000 changes")
    .optional(),
});
export type CreateReleaseInput = z.input<typeof createReleaseInput>;

export type CreateReleaseResult = { release: Release; created: boolean; autoPromoted: AutoPromotion[] };

/**
 * Creates a release in the first environment. Creating the same version again with the
 * same commit is a no-op (CI retries); with another commit it is a conflict.
 */
export async function createRelease({ ctx, input }: VerbArgs<CreateReleaseInput>): Promise<CreateReleaseResult> {
  const data = parseInput(createReleaseInput, input);
  return writeTransaction(ctx, async (tx) => {
    const project = await findProject(tx, data.project);
    authorize(ctx, "release.create", project.id);
    const existing = await first(
      tx
        .select()
        .from(releases)
        .where(and(eq(releases.projectId, project.id), eq(releases.version, data.version))),
    );
    if (existing) {
      if ((existing.commitSha ?? null) !== (data.commitSha ?? null)) {
        throw conflict(
          `Release ${data.version} already exists in ${project.name} with commit ${existing.commitSha ?? "(none)"}; versions are immutable`,
        );
      }
      return { release: existing, created: false, autoPromoted: [] };
    }
    const pipeline = await loadPipeline(tx, project.id);
    const firstEnvironment = pipeline[0];
    if (!firstEnvironment) throw invalid(`${project.name} has no environments yet: add some to its pipeline first`);
    const now = clock(ctx);
    const inserted = (await first(
      tx
        .insert(releases)
        .values({
          projectId: project.id,
          version: data.version,
          commitSha: data.commitSha ?? null,
          branch: data.branch ?? null,
          notes: data.notes ?? null,
          url: data.url ?? null,
          committedAt: data.committedAt ?? null,
          environmentId: firstEnvironment.id,
          enteredAt: now,
          ...actorColumnsOf(ctx.actor),
          createdAt: now,
        })
        .returning(),
    ))!;
    if (data.changes?.length) {
      await tx
        .insert(releaseChanges)
        .values(
          data.changes.map((c, position) => ({
            releaseId: inserted.id,
            position,
            ref: c.id,
            title: c.title,
            author: c.author ?? null,
            url: c.url ?? null,
          })),
        );
    }
    const { release } = await applyMove(tx, {
      release: inserted,
      to: firstEnvironment,
      kind: "create",
      actor: ctx.actor,
      pipeline,
      now,
    });
    const autoPromoted = await autoPromote(tx, project.id, now, [release.id]);
    const current = autoPromoted.length
      ? (await first(tx.select().from(releases).where(eq(releases.id, release.id))))!
      : release;
    return { release: current, created: true, autoPromoted };
  });
}
