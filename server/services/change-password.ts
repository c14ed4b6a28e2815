import { first } from "../../db/client";
import { z } from "zod";
import { and, eq, ne } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { accounts, sessions } from "../../db/schema";
import { hashPassword, verifyPassword } from "../auth/password";
import { badRequest, forbidden } from "../errors";
import { clock, parseInput, writeTransaction, type ServiceContext } from "./context";
import { recordAudit } from "../engine";
import { passwordSchema } from "./add-user";

export const changePasswordInput = z.object({
  currentPassword: z.string().min(1, "must not be empty").max(256),
  newPassword: passwordSchema,
});

/**
 * A signed-in person changes their own password (README: People): the current one is asked,
 * the new one follows the password rule, and every other session of theirs ends.
 */
export async function changePassword({
  ctx,
  input,
  sessionId,
}: {
  ctx: ServiceContext;
  input: z.input<typeof changePasswordInput>;
  /** The session the change is made from, which stays signed in. */
  sessionId: string | null;
}): Promise<{ sessionsEnded: number }> {
  const actor = ctx.actor;
  if (actor.type !== "user") throw forbidden("Only a signed-in person changes their own password");
  const data = parseInput(changePasswordInput, input);
  const credential = async (db: Queryable) =>
    await first(
      db
        .select({ id: accounts.id, password: accounts.password })
        .from(accounts)
        .where(and(eq(accounts.userId, actor.id), eq(accounts.providerId, "credential"))),
    );
  const before = await credential(ctx.db);
  if (!before?.password || !(await verifyPassword({ hash: before.password, password: data.currentPassword })))
    throw badRequest("The current password is not right");
  const hash = await hashPassword(data.newPassword);
  return writeTransaction(ctx, async (tx) => {
    const now = clock(ctx);
    // A reset or another change while the hashes were computed wins.
    if ((await credential(tx))?.password !== before.password)
      throw badRequest("The password changed meanwhile: try again");
    await tx.update(accounts).set({ password: hash, updatedAt: now }).where(eq(accounts.id, before.id));
    const others = (
      await tx
        .delete(sessions)
        .where(and(eq(sessions.userId, actor.id), sessionId ? ne(sessions.id, sessionId) : undefined))
        .returning({ id: sessions.id })
    ).length;
    await recordAudit(
      tx,
      actor,
      {
        projectId: null,
        kind: "user.password_changed",
        summary: `${actor.name} changed their password`,
        detail: { userId: actor.id, sessionsEnded: others },
      },
      now,
    );
    return { sessionsEnded: others };
  });
}
