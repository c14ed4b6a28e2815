import { first } from "../../db/client";
import { and, asc, eq, inArray, isNull, lte, min } from "drizzle-orm";
import { environments, projects, releases, scheduledPromotions, type ScheduledPromotion } from "../../db/schema";
import { clock as formatClock } from "../domain/gates";
import { systemActor } from "../domain/permissions";
import { DomainError } from "../errors";
import { clock, writeTransaction, type ServiceContext } from "./context";
import { recordAudit, autoPromoteWithWake, type AutoPromotion, actorAsNow } from "../engine";
import { moveReleaseIn } from "./move-release";

export type ScheduledRun = {
  promoted: AutoPromotion[];
  /** Scheduled promotions tried in this run, and how each went. */
  scheduled: { version: string; to: string; outcome: "done" | "failed"; reason?: string }[];
  nextWakeAt: Date | null;
};

/**
 * Runs what time makes due: promotions people scheduled, and gates that clear with time
 * (soak periods, freeze windows ending). Everything it needs is read from the database,
 * so a restart loses nothing: the scheduler just calls this again.
 */
export async function runScheduledPromotions({
  ctx,
  input = {},
}: {
  ctx: ServiceContext;
  input?: { projectIds?: number[] };
}): Promise<ScheduledRun> {
  const scoped: ServiceContext = { ...ctx, actor: systemActor };
  const scheduled = await runDueSchedules(scoped, input.projectIds);
  const ids = await ctx.db
    .select({ id: projects.id })
    .from(projects)
    .where(and(isNull(projects.archivedAt), input.projectIds ? inArray(projects.id, input.projectIds) : undefined));
  const promoted: AutoPromotion[] = [];
  let nextWakeAt: Date | null = await nextScheduleAt(scoped, input.projectIds);
  for (const { id } of ids) {
    await writeTransaction(scoped, async (tx) => {
      const now = clock(scoped);
      const { promoted: moved, wake } = await autoPromoteWithWake(tx, id, now);
      promoted.push(...moved);
      if (wake && (!nextWakeAt || wake < nextWakeAt)) nextWakeAt = wake;
    });
  }
  return { promoted, scheduled, nextWakeAt };
}

async function nextScheduleAt(ctx: ServiceContext, projectIds?: number[]): Promise<Date | null> {
  const row = await first(
    ctx.db
      .select({ at: min(scheduledPromotions.runAt) })
      .from(scheduledPromotions)
      .innerJoin(projects, eq(projects.id, scheduledPromotions.projectId))
      .where(
        and(
          eq(scheduledPromotions.state, "pending"),
          isNull(projects.archivedAt),
          projectIds ? inArray(scheduledPromotions.projectId, projectIds) : undefined,
        ),
      ),
  );
  return row?.at ?? null;
}

async function runDueSchedules(ctx: ServiceContext, projectIds?: number[]): Promise<ScheduledRun["scheduled"]> {
  const due = await ctx.db
    .select({ id: scheduledPromotions.id })
    .from(scheduledPromotions)
    .innerJoin(projects, eq(projects.id, scheduledPromotions.projectId))
    .where(
      and(
        eq(scheduledPromotions.state, "pending"),
        lte(scheduledPromotions.runAt, clock(ctx)),
        isNull(projects.archivedAt),
        projectIds ? inArray(scheduledPromotions.projectId, projectIds) : undefined,
      ),
    )
    .orderBy(asc(scheduledPromotions.runAt), asc(scheduledPromotions.id));
  const runs: ScheduledRun["scheduled"] = [];
  for (const { id } of due) {
    try {
      runs.push(...(await writeTransaction(ctx, (tx) => runOne(tx, ctx, id))));
    } catch (error) {
      // One broken schedule must not stop the others, nor the timed gates after them.
      console.error("[scheduler] scheduled promotion", id, error);
      await writeTransaction(ctx, async (tx) => {
        const row = await first(tx.select().from(scheduledPromotions).where(eq(scheduledPromotions.id, id)));
        if (row?.state === "pending")
          await settle(tx, row, "failed", "an internal error stopped it; see the server log", clock(ctx));
      });
    }
  }
  return runs;
}

type Tx = Parameters<Parameters<typeof writeTransaction>[1]>[0];

/**
 * Tries one scheduled promotion as the person who asked for it, with the gates as they
 * are now. The move runs in a savepoint: a refusal undoes it and is kept as the reason.
 */
async function runOne(tx: Tx, ctx: ServiceContext, id: number): Promise<ScheduledRun["scheduled"]> {
  const schedule = await first(tx.select().from(scheduledPromotions).where(eq(scheduledPromotions.id, id)));
  if (!schedule || schedule.state !== "pending") return []; // settled meanwhile
  const now = clock(ctx);
  const release = (await first(tx.select().from(releases).where(eq(releases.id, schedule.releaseId))))!;
  const project = (await first(tx.select().from(projects).where(eq(projects.id, schedule.projectId))))!;
  const slugOf = async (environmentId: number) =>
    (await first(tx.select().from(environments).where(eq(environments.id, environmentId))))!;
  const from = await slugOf(schedule.fromEnvironmentId);
  const to = await slugOf(schedule.toEnvironmentId);
  const actor = await actorAsNow(tx, schedule, project.id);
  try {
    if (!actor) throw new DomainError("FORBIDDEN", `${schedule.actorName} can no longer move releases`);
    const reason = `scheduled by ${schedule.actorName} for ${formatClock(schedule.runAt, "UTC", true)}${schedule.reason ? `: ${schedule.reason}` : ""}`;
    await writeTransaction({ ...ctx, db: tx }, async (savepoint) => {
      // Settled first, so the move does not take it for a schedule it overtakes.
      await settle(savepoint, schedule, "done", null, now);
      await moveReleaseIn(
        savepoint,
        { ...ctx, actor },
        { project: project.slug, version: release.version, to: to.slug, from: from.slug, reason },
      );
    });
    return [{ version: release.version, to: to.slug, outcome: "done" }];
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await settle(tx, schedule, "failed", error.message, now);
    await recordAudit(
      tx,
      actor ?? systemActor,
      {
        projectId: project.id,
        environmentId: to.id,
        releaseId: release.id,
        kind: "promotion.schedule_failed",
        summary: `The promotion of ${release.version} to ${to.name} scheduled by ${schedule.actorName} did not run: ${error.message}`,
        detail: { version: release.version, to: to.slug, at: schedule.runAt.toISOString(), reason: error.message },
      },
      now,
    );
    return [{ version: release.version, to: to.slug, outcome: "failed", reason: error.message }];
  }
}

async function settle(
  tx: Tx,
  schedule: ScheduledPromotion,
  state: "done" | "failed",
  outcome: string | null,
  now: Date,
) {
  await tx
    .update(scheduledPromotions)
    .set({ state, outcome, resolvedAt: now })
    .where(eq(scheduledPromotions.id, schedule.id));
}
