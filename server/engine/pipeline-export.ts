import { inArray } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { freezeWindows, type Environment, type Project } from "../../db/schema";
import type { PipelineFile } from "../domain/pipeline-file";

/** The pipeline file that reproduces a project's current pipeline exactly. */
export async function exportPipeline(tx: Tx, project: Project, pipeline: Environment[]): Promise<PipelineFile> {
  const ids = pipeline.map((e) => e.id);
  const windows = ids.length
    ? await tx.select().from(freezeWindows).where(inArray(freezeWindows.environmentId, ids))
    : [];
  return {
    project: project.slug,
    name: project.name,
    environments: pipeline.map((e) => ({
      slug: e.slug,
      name: e.name,
      autoPromote: e.autoPromote,
      requiredChecks: e.requiredChecks,
      requiredSignoffs: e.requiredSignoffs,
      minSoakMinutes: e.minSoakMinutes,
      manualTasks: e.manualTasks,
      capacity: e.capacity,
      freezeWindows: windows
        .filter((w) => w.environmentId === e.id)
        .sort((a, b) => a.id - b.id)
        .map((w) =>
          w.kind === "weekly"
            ? {
                weekly: w.days ?? [],
                from: w.fromTime ?? "00:00",
                to: w.toTime ?? "24:00",
                timeZone: w.timeZone ?? "UTC",
                ...(w.reason ? { reason: w.reason } : {}),
              }
            : {
                from: w.startsAt!.toISOString(),
                to: w.endsAt!.toISOString(),
                ...(w.reason ? { reason: w.reason } : {}),
              },
        ),
      // Only when set, so that files without them export exactly as they were written.
      ...(e.promoters.length ? { promoters: e.promoters } : {}),
      ...(e.approvals.length ? { approvals: e.approvals } : {}),
      ...(e.separateDuties ? { separateDuties: true } : {}),
      ...(e.deployTarget ? { deploy: e.deployTarget } : {}),
      ...(e.deployTimeoutMinutes !== null ? { deployTimeoutMinutes: e.deployTimeoutMinutes } : {}),
      ...(e.signoffReminderHours !== null ? { signoffReminderHours: e.signoffReminderHours } : {}),
    })),
    ...(project.chatWebhooks.length ? { notifications: { chat: project.chatWebhooks } } : {}),
  };
}
