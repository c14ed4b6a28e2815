import { first } from "../../db/client";
import { z } from "zod";
import { taskCompletions } from "../../db/schema";
import { conflict, invalid } from "../errors";
import { clock, parseInput, writeTransaction, type VerbArgs, actorColumnsOf, authorizedProject } from "./context";
import { slugSchema, versionSchema } from "../domain/schemas";
import { recordAudit, autoPromote, findEnvironment, findRelease } from "../engine";

export const setTaskDoneInput = z.object({
  project: slugSchema,
  version: versionSchema,
  /** The environment whose policy lists the task (the one the release will enter). */
  environment: slugSchema,
  task: z.string().min(1).max(200),
  done: z.boolean(),
});
export type SetTaskDoneInput = z.input<typeof setTaskDoneInput>;

/** Ticks off (or un-ticks) a manual task of an environment's policy for one release. */
export async function setTaskDone({ ctx, input }: VerbArgs<SetTaskDoneInput>) {
  const data = parseInput(setTaskDoneInput, input);
  return writeTransaction(ctx, async (tx) => {
    const { project, pipeline } = await authorizedProject(ctx, tx, data.project, "task.tick");
    const environment = findEnvironment(pipeline, data.environment, project);
    if (!environment.manualTasks.includes(data.task)) {
      throw invalid(
        `${environment.name} has no manual task "${data.task}" (it has: ${environment.manualTasks.join(", ") || "none"})`,
      );
    }
    const release = await findRelease(tx, project, data.version);
    if (release.state !== "active") throw conflict(`${release.version} is ${release.state}`);
    const now = clock(ctx);
    const row = (await first(
      tx
        .insert(taskCompletions)
        .values({
          releaseId: release.id,
          environmentId: environment.id,
          taskName: data.task,
          done: data.done,
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
        environmentId: environment.id,
        releaseId: release.id,
        kind: data.done ? "task.ticked" : "task.unticked",
        summary: `${ctx.actor.name} ${data.done ? "ticked off" : "un-ticked"} “${data.task}” for ${release.version} → ${environment.name}`,
        detail: { version: release.version, environment: environment.slug, task: data.task, done: data.done },
      },
      now,
    );
    return { completion: row, autoPromoted: await autoPromote(tx, project.id, now, [release.id]) };
  });
}
