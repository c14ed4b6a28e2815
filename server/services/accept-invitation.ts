import { first } from "../../db/client";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { and, eq } from "drizzle-orm";
import { accounts, invitations, sessions, users, type Invitation } from "../../db/schema";
import { hashPassword } from "../auth/password";
import type { Actor } from "../domain/permissions";
import { conflict, notFound } from "../errors";
import { clock, parseInput, writeTransaction, type ServiceContext } from "./context";
import { openLink, recordAudit } from "../engine";
import { insertPerson, passwordSchema } from "./add-user";

export const oneTimeTokenSchema = z.string().trim().min(20).max(100);

export const acceptInvitationInput = z.object({
  token: oneTimeTokenSchema,
  /** For an invitation: the name others see. A reset keeps the name the account has. */
  name: z.string().trim().min(1, "must not be empty").max(100).optional(),
  password: passwordSchema,
});

const gone = () => notFound("This link has expired or was already used: ask an admin for a new one");

/**
 * Someone follows a one-time link (README: People): an invitation makes their account with the
 * role the admin chose and the name and password they choose; a reset sets their new password and
 * ends any session they have. The link works once. The token is the authority here, so there is no
 * signed-in actor: the audit record names the person themselves.
 */
export async function acceptInvitation({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.input<typeof acceptInvitationInput>;
}): Promise<{ email: string; kind: Invitation["kind"] }> {
  const data = parseInput(acceptInvitationInput, input);
  // Checked before the deliberately slow hash, and again inside the transaction.
  if (!(await openLink(ctx.db, data.token, clock(ctx)))) throw gone();
  const hash = await hashPassword(data.password);
  return writeTransaction(ctx, async (tx) => {
    const now = clock(ctx);
    const link = await openLink(tx, data.token, now);
    if (!link) throw gone();
    await tx.update(invitations).set({ usedAt: now }).where(eq(invitations.id, link.id));
    if (link.kind === "invite") {
      if (!data.name) throw conflict("Choose the name others will see");
      if (await first(tx.select({ id: users.id }).from(users).where(eq(users.email, link.email))))
        throw conflict(`An account for ${link.email} exists already: sign in instead`);
      const id = randomUUID();
      const role = link.role ?? "viewer";
      await insertPerson(tx, { id, email: link.email, name: data.name, role }, hash, now);
      const actor: Actor = { type: "user", id, name: data.name, role };
      await recordAudit(
        tx,
        actor,
        {
          projectId: null,
          kind: "user.created",
          summary: `${data.name} <${link.email}> joined as ${role}, invited by ${link.createdByName}`,
          detail: { userId: id, role, invitedBy: link.createdByName },
        },
        now,
      );
      return { email: link.email, kind: link.kind };
    }
    const user = await first(
      tx
        .select()
        .from(users)
        .where(eq(users.id, link.userId ?? "")),
    );
    if (!user || user.disabledAt) throw gone();
    const updated = (await first(
      tx
        .update(accounts)
        .set({ password: hash, updatedAt: now })
        .where(and(eq(accounts.userId, user.id), eq(accounts.providerId, "credential")))
        .returning({ id: accounts.id }),
    ))!;
    if (!updated)
      await tx
        .insert(accounts)
        .values({
          id: randomUUID(),
          accountId: user.id,
          providerId: "credential",
          userId: user.id,
          password: hash,
          createdAt: now,
          updatedAt: now,
        });
    await tx.delete(sessions).where(eq(sessions.userId, user.id));
    await recordAudit(
      tx,
      { type: "user", id: user.id, name: user.name, role: user.role },
      {
        projectId: null,
        kind: "user.password_changed",
        summary: `${user.name} set a new password after a reset`,
        detail: { userId: user.id },
      },
      now,
    );
    return { email: user.email, kind: link.kind };
  });
}
