import { first } from "../../db/client";
import { z } from "zod";
import { eq } from "drizzle-orm";
import { users } from "../../db/schema";
import { notFound } from "../errors";
import { authorize, clock, parseInput, writeTransaction, type VerbArgs } from "./context";
import { recordAudit } from "../engine";
import { emailSchema } from "./add-user";

export const enableUserInput = z.object({ email: emailSchema });

/** Lets a disabled person sign in again (their old sessions stay ended). */
export async function enableUser({ ctx, input }: VerbArgs<z.input<typeof enableUserInput>>) {
  authorize(ctx, "user.manage");
  const data = parseInput(enableUserInput, input);
  return writeTransaction(ctx, async (tx) => {
    const now = clock(ctx);
    const user = (await first(
      tx.update(users).set({ disabledAt: null, updatedAt: now }).where(eq(users.email, data.email)).returning(),
    ))!;
    if (!user) throw notFound(`No user with email ${data.email}`);
    await recordAudit(
      tx,
      ctx.actor,
      {
        projectId: null,
        kind: "user.enabled",
        summary: `${ctx.actor.name} enabled ${user.name}`,
        detail: { userId: user.id },
      },
      now,
    );
    return user;
  });
}
