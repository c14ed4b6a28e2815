import { first } from "../../db/client";
import { z } from "zod";
import { and, eq } from "drizzle-orm";
import { accounts, sessions, users } from "../../db/schema";
import { conflict, notFound } from "../errors";
import { authorize, clock, parseInput, writeTransaction, type VerbArgs } from "./context";
import { recordAudit } from "../engine";
import { emailSchema } from "./add-user";
import { guardAdminChange, issueLink, type IssuedLink, type LinkSettings } from "./one-time-links";

export const resetPasswordInput = z.object({ email: emailSchema });

/**
 * Not a hash of any password: the old password stops working at once (server/auth/password.ts
 * verifies only scrypt hashes), until the person sets a new one through the link.
 */
export const passwordCleared = "reset";

/**
 * An admin resets a person's password (README: People): the old password stops working, every
 * session of theirs ends, and they get a one-time link, good for a day, to choose a new one
 * (e-mailed when e-mail is on; the admin gets the link either way to hand over).
 */
export async function resetPassword({
  ctx,
  input,
  settings,
}: VerbArgs<z.input<typeof resetPasswordInput>> & { settings: LinkSettings }): Promise<
  IssuedLink & { sessionsEnded: number }
> {
  authorize(ctx, "user.manage");
  const data = parseInput(resetPasswordInput, input);
  return writeTransaction(ctx, async (tx) => {
    const now = clock(ctx);
    const user = await first(tx.select().from(users).where(eq(users.email, data.email)));
    if (!user) throw notFound(`No user with email ${data.email}`);
    await guardAdminChange(tx, ctx.actor, user, "reset");
    if (user.disabledAt) throw conflict(`${user.name} is disabled: enable them first`);
    await tx
      .update(accounts)
      .set({ password: passwordCleared, updatedAt: now })
      .where(and(eq(accounts.userId, user.id), eq(accounts.providerId, "credential")));
    const sessionsEnded = (await tx.delete(sessions).where(eq(sessions.userId, user.id)).returning({ id: sessions.id }))
      .length;
    const issued = await issueLink(tx, {
      kind: "reset",
      email: user.email,
      name: user.name,
      role: null,
      userId: user.id,
      actor: ctx.actor,
      settings,
      now,
    });
    await recordAudit(
      tx,
      ctx.actor,
      {
        projectId: null,
        kind: "user.password_reset",
        summary: `${ctx.actor.name} reset the password of ${user.name}`,
        detail: { userId: user.id, sessionsEnded, emailed: issued.emailed },
      },
      now,
    );
    return { ...issued, sessionsEnded };
  });
}
