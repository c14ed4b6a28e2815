import { isNull } from "drizzle-orm";
import { projects } from "../../db/schema";
import { systemActor } from "../domain/permissions";
import { clock, writeTransaction, type ServiceContext } from "./context";
import { loadPipeline, announceOverdueDeploys, remindWaiting } from "../engine";

/**
 * The notifications that come with time rather than with a change: sign-off reminders
 * after `signoffReminderHours`, and deploys with no report in time. Run by the scheduler;
 * the notifications ledger makes each happen once however often this runs.
 */
export async function runNotificationChecks({ ctx }: { ctx: ServiceContext }) {
  const scoped: ServiceContext = { ...ctx, actor: systemActor };
  const ids = await ctx.db.select({ id: projects.id }).from(projects).where(isNull(projects.archivedAt));
  for (const { id } of ids) {
    await writeTransaction(scoped, async (tx) => {
      const now = clock(scoped);
      const pipeline = await loadPipeline(tx, id);
      await remindWaiting(tx, id, pipeline, now);
      await announceOverdueDeploys(tx, id, pipeline, now);
    });
  }
}
