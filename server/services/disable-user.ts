import { first } from "../../db/client";
import { z } from "zod";
import { eq } from "drizzle-orm";
import { sessions, users } from "../../db/schema";
import { notFound } from "../errors";
import { authorize, clock, parseInput, writeTransaction, type VerbArgs } from "./context";
import { recordAudit } from "../engine";
import { emailSchema } from "./add-user";
import { guardAdminChange } from "./one-time-links";

export const disableUserInput = z.object({ email: emailSchema });

/**
 * Stops a person signing in and ends every session they have, at once; their personal access tokens
 * stop working too. Nobody disables themselves, and the last admin stays enabled (README: People).
 */
export async function disableUser({ ctx, input }: VerbArgs<z.input<typeof disableUserInput>>) {
  authorize(ctx, "user.manage");
  const data = parseInput(disableUserInput, input);
  return writeTransaction(ctx, async (tx) => {
    const now = clock(ctx);
    const before = await first(tx.select().from(users).where(eq(users.email, data.email)));
    if (!before) throw notFound(`No user with email ${data.email}`);
    await guardAdminChange(tx, ctx.actor, before, "disable");
    const user = (await first(
      tx
        .update(users)
        .set({ disabledAt: before.disabledAt ?? now, updatedAt: now })
        .where(eq(users.id, before.id))
        .returning(),
    ))!;
    const ended = (await tx.delete(sessions).where(eq(sessions.userId, user.id)).returning({ id: sessions.id })).length;
    await recordAudit(
      tx,
      ctx.actor,
      {
        projectId: null,
        kind: "user.disabled",
        summary: `${ctx.actor.name} disabled ${user.name}`,
        detail: { userId: user.id, sessionsEnded: ended },
      },
      now,
    );
    return { user, sessionsEnded: ended };
  });
}
