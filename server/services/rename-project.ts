import { z } from "zod";
import { displayNameSchema } from "../domain/names";
import { eq } from "drizzle-orm";
import { projects } from "../../db/schema";
import { authorize, clock, parseInput, writeTransaction, type VerbArgs } from "./context";
import { slugSchema } from "../domain/schemas";
import { recordAudit, findProject } from "../engine";

export const renameProjectInput = z.object({ project: slugSchema, name: displayNameSchema(100) });

/** Changes a project's display name; its address (slug), tokens and webhooks stay. */
export async function renameProject({ ctx, input }: VerbArgs<z.input<typeof renameProjectInput>>) {
  const data = parseInput(renameProjectInput, input);
  return writeTransaction(ctx, async (tx) => {
    const project = await findProject(tx, data.project);
    authorize(ctx, "pipeline.edit", project.id);
    if (project.name === data.name) return { changed: false };
    await tx.update(projects).set({ name: data.name }).where(eq(projects.id, project.id));
    await recordAudit(
      tx,
      ctx.actor,
      {
        projectId: project.id,
        kind: "project.changed",
        summary: `${ctx.actor.name} renamed ${project.name} to ${data.name}`,
        detail: { before: project.name, after: data.name },
      },
      clock(ctx),
    );
    return { changed: true };
  });
}
