import { z } from "zod";
import { eq } from "drizzle-orm";
import { projects } from "../../db/schema";
import { authorize, clock, parseInput, writeTransaction, type VerbArgs } from "./context";
import { slugSchema } from "../domain/schemas";
import { recordAudit, findProject } from "../engine";

export const archiveProjectInput = z.object({ project: slugSchema, archived: z.boolean() });

/**
 * Archives a project (or brings it back). An archived project keeps its history but leaves
 * the overview, the sign-off inbox and the scheduler, and its API takes no new writes.
 */
export async function archiveProject({ ctx, input }: VerbArgs<z.input<typeof archiveProjectInput>>) {
  const data = parseInput(archiveProjectInput, input);
  return writeTransaction(ctx, async (tx) => {
    const project = await findProject(tx, data.project);
    authorize(ctx, "pipeline.edit", project.id);
    if (Boolean(project.archivedAt) === data.archived) return { changed: false };
    const now = clock(ctx);
    await tx
      .update(projects)
      .set({ archivedAt: data.archived ? now : null })
      .where(eq(projects.id, project.id));
    await recordAudit(
      tx,
      ctx.actor,
      {
        projectId: project.id,
        kind: "project.changed",
        summary: `${ctx.actor.name} ${data.archived ? "archived" : "restored"} ${project.name}`,
        detail: { archived: data.archived },
      },
      now,
    );
    return { changed: true };
  });
}
