import { first } from "../../db/client";
import { z } from "zod";
import { eq } from "drizzle-orm";
import { personalTokens, users } from "../../db/schema";
import { forbidden, notFound } from "../errors";
import { authorize, clock, parseInput, writeTransaction, type VerbArgs } from "./context";
import { recordAudit } from "../engine";
import { newPersonalToken, tokenDigest } from "./tokens";

export const maxPersonalTokenDays = 365;

export const createPersonalTokenInput = z.object({
  name: z.string().trim().min(1, "must not be empty").max(100),
  expiresInDays: z.coerce
    .number()
    .int("must be a whole number of days")
    .min(1, "must be at least 1 day")
    .max(maxPersonalTokenDays, `must be at most ${maxPersonalTokenDays} days`)
    .default(90),
  /** Admins only: a token for someone else (automation accounts); else the caller's own. */
  email: z.email().optional(),
});

/**
 * A personal access token (README: Personal access tokens): the public API as its owner, with
 * the owner's role, until it expires or is revoked. Returned here and never again.
 */
export async function createPersonalToken({ ctx, input }: VerbArgs<z.input<typeof createPersonalTokenInput>>) {
  const data = parseInput(createPersonalTokenInput, input);
  if (ctx.actor.type !== "user") throw forbidden("Personal access tokens belong to people");
  const actor = ctx.actor;
  if (data.email) authorize(ctx, "user.manage");
  return writeTransaction(ctx, async (tx) => {
    const owner = data.email
      ? await first(tx.select().from(users).where(eq(users.email, data.email.toLowerCase())))
      : await first(tx.select().from(users).where(eq(users.id, actor.id)));
    if (!owner) throw notFound(data.email ? `No user with email ${data.email}` : "Your account is gone");
    if (owner.disabledAt) throw forbidden(`${owner.email} is disabled`);
    const token = newPersonalToken();
    const now = clock(ctx);
    const expiresAt = new Date(now.getTime() + data.expiresInDays * 86_400_000);
    const row = (await first(
      tx
        .insert(personalTokens)
        .values({
          userId: owner.id,
          name: data.name,
          tokenHash: tokenDigest(token),
          tokenHint: token.slice(0, 8),
          expiresAt,
          createdByName: actor.name,
          createdAt: now,
        })
        .returning(),
    ))!;
    await recordAudit(
      tx,
      actor,
      {
        projectId: null,
        kind: "token.created",
        summary: `${actor.name} created personal access token “${data.name}” for ${owner.name}, expiring ${expiresAt.toISOString().slice(0, 10)}`,
        detail: { personalTokenId: row.id, userId: owner.id },
      },
      now,
    );
    return { token, id: row.id, name: row.name, hint: row.tokenHint, expiresAt, owner: owner.email };
  });
}
