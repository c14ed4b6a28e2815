import { first } from "../../db/client";
import { z } from "zod";
import { eq } from "drizzle-orm";
import { notificationPreferences, users } from "../../db/schema";
import { invalid, notFound } from "../errors";
import { authorize, clock, parseInput, writeTransaction, type VerbArgs } from "./context";
import { recordAudit } from "../engine";

export const setEmailNotificationsInput = z.object({ email: z.boolean() });
export type SetEmailNotificationsInput = z.input<typeof setEmailNotificationsInput>;

/** A person switches their own e-mail notifications off or on (the profile page). */
export async function setEmailNotifications({ ctx, input }: VerbArgs<SetEmailNotificationsInput>) {
  const data = parseInput(setEmailNotificationsInput, input);
  return writeTransaction(ctx, async (tx) => {
    authorize(ctx, "read");
    if (ctx.actor.type !== "user") throw invalid("Only people have notification preferences");
    if (!(await first(tx.select({ id: users.id }).from(users).where(eq(users.id, ctx.actor.id)))))
      throw notFound("No such user");
    const now = clock(ctx);
    await tx
      .insert(notificationPreferences)
      .values({ userId: ctx.actor.id, email: data.email, updatedAt: now })
      .onConflictDoUpdate({ target: notificationPreferences.userId, set: { email: data.email, updatedAt: now } });
    await recordAudit(
      tx,
      ctx.actor,
      {
        projectId: null,
        kind: "user.notifications_changed",
        summary: `${ctx.actor.name} switched e-mail notifications ${data.email ? "on" : "off"}`,
        detail: { email: data.email },
      },
      now,
    );
    return { email: data.email };
  });
}
