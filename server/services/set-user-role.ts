import { first } from "../../db/client";
import { z } from "zod";
import { eq } from "drizzle-orm";
import { users } from "../../db/schema";
import { roles } from "../domain/permissions";
import { notFound } from "../errors";
import { authorize, clock, parseInput, writeTransaction, type VerbArgs } from "./context";
import { recordAudit } from "../engine";
import { emailSchema } from "./add-user";
import { guardAdminChange } from "./one-time-links";

export const setUserRoleInput = z.object({
  email: emailSchema,
  role: z.enum(roles, { error: `must be one of ${roles.join(", ")}` }),
});

/** Changes a person's role (README: People); nobody changes their own, and the last admin stays one. */
export async function setUserRole({ ctx, input }: VerbArgs<z.input<typeof setUserRoleInput>>) {
  authorize(ctx, "user.manage");
  const data = parseInput(setUserRoleInput, input);
  return writeTransaction(ctx, async (tx) => {
    const now = clock(ctx);
    const before = await first(tx.select().from(users).where(eq(users.email, data.email)));
    if (!before) throw notFound(`No user with email ${data.email}`);
    await guardAdminChange(tx, ctx.actor, before, data.role === "admin" ? "role" : "demote");
    const user = (await first(
      tx.update(users).set({ role: data.role, updatedAt: now }).where(eq(users.id, before.id)).returning(),
    ))!;
    await recordAudit(
      tx,
      ctx.actor,
      {
        projectId: null,
        kind: "user.role_changed",
        summary: `${ctx.actor.name} made ${user.name} ${data.role}`,
        detail: { userId: user.id, role: data.role },
      },
      now,
    );
    return user;
  });
}
