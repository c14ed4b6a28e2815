import { desc, eq } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { personalTokens } from "../../db/schema";

/** A person's tokens for the profile page: never the token, only its first characters. */
export async function listPersonalTokens(db: Queryable, userId: string) {
  return await db
    .select({
      id: personalTokens.id,
      name: personalTokens.name,
      hint: personalTokens.tokenHint,
      expiresAt: personalTokens.expiresAt,
      createdAt: personalTokens.createdAt,
      revokedAt: personalTokens.revokedAt,
    })
    .from(personalTokens)
    .where(eq(personalTokens.userId, userId))
    .orderBy(desc(personalTokens.id));
}
