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
export function runNotificationChecks({ ctx }: { ctx: ServiceContext }) {
  const scoped: ServiceContext = { ...ctx, actor: systemActor };
  const ids = ctx.db.select({ id: projects.id }).from(projects).where(isNull(projects.archivedAt)).all();
  for (const { id } of ids) {
    writeTransaction(scoped, (tx) => {
      const now = clock(scoped);
      const pipeline = loadPipeline(tx, id);
      remindWaiting(tx, id, pipeline, now);
      announceOverdueDeploys(tx, id, pipeline, now);
    });
  }
}
