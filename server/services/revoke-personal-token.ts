import { first } from "../../db/client";
import { z } from "zod";
import { and, eq, isNull } from "drizzle-orm";
import { personalTokens } from "../../db/schema";
import { can } from "../domain/permissions";
import { forbidden, notFound } from "../errors";
import { clock, parseInput, writeTransaction, type VerbArgs } from "./context";
import { recordAudit } from "../engine";

export const revokePersonalTokenInput = z.object({ id: z.coerce.number().int().positive() });

/** Revokes one of the caller's personal access tokens (an admin may revoke anyone's). */
export async function revokePersonalToken({ ctx, input }: VerbArgs<z.input<typeof revokePersonalTokenInput>>) {
  const data = parseInput(revokePersonalTokenInput, input);
  if (ctx.actor.type !== "user") throw forbidden("Personal access tokens belong to people");
  const actor = ctx.actor;
  return writeTransaction(ctx, async (tx) => {
    const row = await first(
      tx
        .select()
        .from(personalTokens)
        .where(and(eq(personalTokens.id, data.id), isNull(personalTokens.revokedAt))),
    );
    if (!row || (row.userId !== actor.id && !can(actor, "user.manage")))
      throw notFound(`No active personal access token ${data.id} of yours`);
    const now = clock(ctx);
    await tx.update(personalTokens).set({ revokedAt: now }).where(eq(personalTokens.id, row.id));
    await recordAudit(
      tx,
      actor,
      {
        projectId: null,
        kind: "token.revoked",
        summary: `${actor.name} revoked personal access token “${row.name}”`,
        detail: { personalTokenId: row.id, userId: row.userId },
      },
      now,
    );
    return { id: row.id };
  });
}
