import { first } from "../../db/client";
import { createHash } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { invitations, type Invitation } from "../../db/schema";

/** Only this digest of a one-time link's token is stored (README: People). */
export const linkDigest = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

/** The unused, unexpired one-time link (an invitation or a password reset) that `token` names, or null. */
export async function openLink(db: Queryable, token: string, now: Date): Promise<Invitation | null> {
  return (
    (await first(
      db
        .select()
        .from(invitations)
        .where(
          and(eq(invitations.tokenHash, linkDigest(token)), isNull(invitations.usedAt), gt(invitations.expiresAt, now)),
        ),
    )) ?? null
  );
}
