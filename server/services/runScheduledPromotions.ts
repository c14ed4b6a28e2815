import { and, inArray, isNull } from "drizzle-orm";
import { projects } from "../../db/schema";
import { systemActor } from "../domain/permissions";
import { clock, writeTransaction, type ServiceContext } from "./context";
import { autoPromoteWithWake, type AutoPromotion } from "./internal/auto-promote";

export type ScheduledRun = { promoted: AutoPromotion[]; nextWakeAt: Date | null };

/**
 * Re-evaluates every project for gates that clear with time (soak periods, freeze
 * windows ending). Everything it needs is read from the database, so a restart loses
 * nothing: the scheduler just calls this again.
 */
export function runScheduledPromotions({ ctx, input = {} }: { ctx: ServiceContext; input?: { projectIds?: number[] } }): ScheduledRun {
  const scoped: ServiceContext = { ...ctx, actor: systemActor };
  const ids = ctx.db
    .select({ id: projects.id })
    .from(projects)
    .where(and(isNull(projects.archivedAt), input.projectIds ? inArray(projects.id, input.projectIds) : undefined))
    .all();
  const promoted: AutoPromotion[] = [];
  let nextWakeAt: Date | null = null;
  for (const { id } of ids) {
    writeTransaction(scoped, (tx) => {
      const now = clock(scoped);
      const { promoted: moved, wake } = autoPromoteWithWake(tx, id, now);
      promoted.push(...moved);
      if (wake && (!nextWakeAt || wake < nextWakeAt)) nextWakeAt = wake;
    });
  }
  return { promoted, nextWakeAt };
}
