import { first } from "../../db/client";
import { z } from "zod";
import { and, eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { scheduledPromotions, type Release, type ScheduledPromotion } from "../../db/schema";
import { clock as formatClock } from "../domain/gates";
import { nextEnvironment } from "../domain/policy";
import { conflict, invalid } from "../errors";
import type { Actor } from "../domain/permissions";
import { actorColumnsOf, clock, parseInput, writeTransaction, type VerbArgs, authorizedProject } from "./context";
import { reasonSchema, slugSchema, versionSchema } from "../domain/schemas";
import { recordAudit, findEnvironment, findRelease, scheduleChanged } from "../engine";

const maxAheadMs = 366 * 86_400_000;

export const schedulePromotionInput = z
  .object({
    project: slugSchema,
    version: versionSchema,
    to: slugSchema,
    /** Where the caller believes the release is; checked now, and again when it runs. */
    from: slugSchema.optional(),
    at: z.union([
      z.date(),
      z.iso
        .datetime({ offset: true, error: "must be an ISO 8601 time with a time zone, e.g. 2026-12-01T08:00:00Z" })
        .transform((s) => new Date(s)),
    ]),
    reason: reasonSchema.optional(),
  })
  // A schedule is a plain promotion for later: rollback or override with "at" is refused, not dropped.
  .strict();
export type SchedulePromotionInput = z.input<typeof schedulePromotionInput>;

/**
 * Asks the scheduler to promote a release into the next environment at a given time, as
 * the caller, with the gates as they are then. A release has at most one pending
 * schedule: a new one replaces it (recorded as cancelled).
 */
export async function schedulePromotion({ ctx, input }: VerbArgs<SchedulePromotionInput>): Promise<ScheduledPromotion> {
  const data = parseInput(schedulePromotionInput, input);
  const schedule = await writeTransaction(ctx, async (tx) => {
    const { project, pipeline } = await authorizedProject(ctx, tx, data.project, "release.move");
    const release = await findRelease(tx, project, data.version);
    const target = findEnvironment(pipeline, data.to, project);
    const current = pipeline.find((e) => e.id === release.environmentId);
    if (release.state !== "active" || !current)
      throw conflict(`${release.version} is ${release.state}; only releases on the board can be scheduled`);
    if (data.from !== undefined && data.from !== current.slug)
      throw conflict(`${release.version} is no longer in ${data.from}: it is in ${current.name} now`);
    const next = nextEnvironment(pipeline, current.id);
    if (next?.id !== target.id) {
      throw invalid(
        next
          ? `to: a promotion of ${release.version} can only be scheduled into ${next.name}, the environment after ${current.name}`
          : `${release.version} is in the last environment; there is nothing to promote it into`,
        [{ path: "to", message: "must be the next environment" }],
      );
    }
    const now = clock(ctx);
    if (data.at.getTime() <= now.getTime())
      throw invalid("at: must be in the future", [{ path: "at", message: "must be in the future" }]);
    if (data.at.getTime() > now.getTime() + maxAheadMs)
      throw invalid("at: must be within a year", [{ path: "at", message: "must be within a year" }]);

    await cancelPending(tx, ctx.actor, release, now, "replaced by a new schedule");
    const row = (await first(
      tx
        .insert(scheduledPromotions)
        .values({
          projectId: project.id,
          releaseId: release.id,
          fromEnvironmentId: current.id,
          toEnvironmentId: target.id,
          runAt: data.at,
          reason: data.reason ?? null,
          ...actorColumnsOf(ctx.actor),
          createdAt: now,
        })
        .returning(),
    ))!;
    await recordAudit(
      tx,
      ctx.actor,
      {
        projectId: project.id,
        environmentId: target.id,
        releaseId: release.id,
        kind: "promotion.scheduled",
        summary: `${ctx.actor.name} scheduled ${release.version} → ${target.name} for ${formatClock(data.at, "UTC", true)}`,
        detail: {
          version: release.version,
          from: current.slug,
          to: target.slug,
          at: data.at.toISOString(),
          reason: data.reason ?? null,
        },
      },
      now,
    );
    return row;
  });
  scheduleChanged(schedule.runAt);
  return schedule;
}

/** Cancels the release's pending schedule, if any, with the audit entry; returns it. */
export async function cancelPending(
  tx: Tx,
  actor: Actor,
  release: Pick<Release, "id" | "projectId" | "version">,
  now: Date,
  why: string,
) {
  const cancelled = (await first(
    tx
      .update(scheduledPromotions)
      .set({ state: "cancelled", outcome: `${why} (${actor.name})`, resolvedAt: now })
      .where(and(eq(scheduledPromotions.releaseId, release.id), eq(scheduledPromotions.state, "pending")))
      .returning(),
  ))!;
  if (cancelled) {
    await recordAudit(
      tx,
      actor,
      {
        projectId: release.projectId,
        environmentId: cancelled.toEnvironmentId,
        releaseId: release.id,
        kind: "promotion.schedule_cancelled",
        summary: `${actor.name} cancelled the promotion of ${release.version} scheduled for ${formatClock(cancelled.runAt, "UTC", true)}: ${why}`,
        detail: { version: release.version, at: cancelled.runAt.toISOString(), why },
      },
      now,
    );
  }
  return cancelled;
}
