import { first } from "../../db/client";
import { z } from "zod";
import { eq } from "drizzle-orm";
import { users } from "../../db/schema";
import { roles } from "../domain/permissions";
import { conflict } from "../errors";
import { authorize, clock, parseInput, writeTransaction, type VerbArgs } from "./context";
import { recordAudit } from "../engine";
import { emailSchema } from "./add-user";
import { issueLink, type IssuedLink, type LinkSettings } from "./one-time-links";

export const inviteUserInput = z.object({
  email: emailSchema,
  role: z.enum(roles, { error: `must be one of ${roles.join(", ")}` }),
});

/**
 * Invites a person by e-mail (README: People): a one-time link, good for a week, where they choose
 * their name and password and get `role`. E-mailed when e-mail is on; the admin gets the link either way.
 */
export async function inviteUser({
  ctx,
  input,
  settings,
}: VerbArgs<z.input<typeof inviteUserInput>> & { settings: LinkSettings }): Promise<IssuedLink> {
  authorize(ctx, "user.manage");
  const data = parseInput(inviteUserInput, input);
  return writeTransaction(ctx, async (tx) => {
    const now = clock(ctx);
    if (await first(tx.select({ id: users.id }).from(users).where(eq(users.email, data.email))))
      throw conflict(`A user with email ${data.email} already exists`);
    const issued = await issueLink(tx, {
      kind: "invite",
      email: data.email,
      name: null,
      role: data.role,
      userId: null,
      actor: ctx.actor,
      settings,
      now,
    });
    await recordAudit(
      tx,
      ctx.actor,
      {
        projectId: null,
        kind: "user.invited",
        summary: `${ctx.actor.name} invited ${data.email} as ${data.role}`,
        detail: { email: data.email, role: data.role, emailed: issued.emailed },
      },
      now,
    );
    return issued;
  });
}
