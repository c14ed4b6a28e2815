import { first } from "../../db/client";
import { z } from "zod";
import { and, eq, isNull } from "drizzle-orm";
import { projectTokens } from "../../db/schema";
import { notFound } from "../errors";
import { authorize, clock, parseInput, writeTransaction, type VerbArgs } from "./context";
import { slugSchema } from "../domain/schemas";
import { recordAudit, findProject } from "../engine";

export const revokeProjectTokenInput = z.object({ project: slugSchema, id: z.coerce.number().int().positive() });

export async function revokeProjectToken({ ctx, input }: VerbArgs<z.input<typeof revokeProjectTokenInput>>) {
  const data = parseInput(revokeProjectTokenInput, input);
  return writeTransaction(ctx, async (tx) => {
    const project = await findProject(tx, data.project);
    authorize(ctx, "token.manage", project.id);
    const now = clock(ctx);
    const row = (await first(
      tx
        .update(projectTokens)
        .set({ revokedAt: now })
        .where(
          and(eq(projectTokens.id, data.id), eq(projectTokens.projectId, project.id), isNull(projectTokens.revokedAt)),
        )
        .returning(),
    ))!;
    if (!row) throw notFound(`No active token ${data.id} in ${project.name}`);
    await recordAudit(
      tx,
      ctx.actor,
      {
        projectId: project.id,
        kind: "token.revoked",
        summary: `${ctx.actor.name} revoked token “${row.name}”`,
        detail: { tokenId: row.id },
      },
      now,
    );
    return row;
  });
}
