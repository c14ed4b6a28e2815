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
export function resetPassword({
  ctx,
  input,
  settings,
}: VerbArgs<z.input<typeof resetPasswordInput>> & { settings: LinkSettings }): IssuedLink & { sessionsEnded: number } {
  authorize(ctx, "user.manage");
  const data = parseInput(resetPasswordInput, input);
  return writeTransaction(ctx, (tx) => {
    const now = clock(ctx);
    const user = tx.select().from(users).where(eq(users.email, data.email)).get();
    if (!user) throw notFound(`No user with email ${data.email}`);
    guardAdminChange(tx, ctx.actor, user, "reset");
    if (user.disabledAt) throw conflict(`${user.name} is disabled: enable them first`);
    tx.update(accounts)
      .set({ password: passwordCleared, updatedAt: now })
      .where(and(eq(accounts.userId, user.id), eq(accounts.providerId, "credential")))
      .run();
    const sessionsEnded = tx
      .delete(sessions)
      .where(eq(sessions.userId, user.id))
      .returning({ id: sessions.id })
      .all().length;
    const issued = issueLink(tx, {
      kind: "reset",
      email: user.email,
      name: user.name,
      role: null,
      userId: user.id,
      actor: ctx.actor,
      settings,
      now,
    });
    recordAudit(
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
