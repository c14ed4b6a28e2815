import { first } from "../../db/client";
import { z } from "zod";
import { projectTokens } from "../../db/schema";
import { tokenScopes } from "../domain/permissions";
import { authorize, clock, parseInput, writeTransaction, type VerbArgs, actorColumnsOf } from "./context";
import { slugSchema } from "../domain/schemas";
import { recordAudit, findProject } from "../engine";
import { newToken, tokenDigest } from "./tokens";

export const createProjectTokenInput = z.object({
  project: slugSchema,
  name: z.string().trim().min(1, "must not be empty").max(100),
  scope: z.enum(tokenScopes, { error: `must be ${tokenScopes.join(", ")}` }).default("report"),
});

/** Creates a CI token for one project. The token is returned here and never again. */
export async function createProjectToken({ ctx, input }: VerbArgs<z.input<typeof createProjectTokenInput>>) {
  const data = parseInput(createProjectTokenInput, input);
  return writeTransaction(ctx, async (tx) => {
    const project = await findProject(tx, data.project);
    authorize(ctx, "token.manage", project.id);
    const token = newToken();
    const now = clock(ctx);
    const row = (await first(
      tx
        .insert(projectTokens)
        .values({
          projectId: project.id,
          name: data.name,
          tokenHash: tokenDigest(token),
          tokenHint: token.slice(0, 7),
          scope: data.scope,
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
        kind: "token.created",
        summary: `${ctx.actor.name} created token “${data.name}” (${data.scope})`,
        detail: { tokenId: row.id, scope: data.scope },
      },
      now,
    );
    return { token, id: row.id, name: row.name, scope: row.scope, hint: row.tokenHint };
  });
}
