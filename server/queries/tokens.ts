import { and, asc, desc, eq, gt, isNull, or } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { projectTokens, signingSecrets, type SecretPurpose } from "../../db/schema";
import { openSecret } from "../auth/secret-box";

export async function listProjectTokens(db: Db | Tx, projectId: number) {
  return await db
    .select({
      id: projectTokens.id,
      name: projectTokens.name,
      hint: projectTokens.tokenHint,
      scope: projectTokens.scope,
      createdAt: projectTokens.createdAt,
      lastUsedAt: projectTokens.lastUsedAt,
      revokedAt: projectTokens.revokedAt,
    })
    .from(projectTokens)
    .where(eq(projectTokens.projectId, projectId))
    .orderBy(asc(projectTokens.id));
}

/**
 * The secrets that verify signatures now, in clear: the current one and any still in its
 * rotation overlap. `outbound` asks for the ones that sign what Releaseboard sends (newest first).
 */
export async function activeSigningSecrets(
  db: Db | Tx,
  projectId: number,
  now = new Date(),
  purpose: SecretPurpose = "inbound",
): Promise<string[]> {
  const rows = await db
    .select({ secret: signingSecrets.secret })
    .from(signingSecrets)
    .where(
      and(
        eq(signingSecrets.projectId, projectId),
        eq(signingSecrets.purpose, purpose),
        or(isNull(signingSecrets.expiresAt), gt(signingSecrets.expiresAt, now)),
      ),
    )
    .orderBy(desc(signingSecrets.id));
  const secrets: string[] = [];
  for (const r of rows) {
    const secret = await openSecret(db, r.secret);
    if (secret !== null) secrets.push(secret);
  }
  return secrets;
}
