import { and, desc, eq, gt, isNull, or } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { signingSecrets } from "../../db/schema";
import { openSecret } from "../auth/secret-box";
import { insertSigningSecret } from "../services/rotate-signing-secret";

/**
 * The secret that signs what a project sends (SPEC §4, outbound events). Projects made
 * before outbound events existed get theirs the first time it is needed.
 */
export function outboundSecretOf(tx: Tx, projectId: number, now: Date): string {
  return activeOutboundSecrets(tx, projectId, now)[0] ?? insertSigningSecret(tx, projectId, now, "outbound");
}

/** The current outbound secret and any still in its rotation overlap, newest first, in clear. */
export function activeOutboundSecrets(tx: Tx, projectId: number, now: Date): string[] {
  return tx
    .select({ secret: signingSecrets.secret })
    .from(signingSecrets)
    .where(
      and(
        eq(signingSecrets.projectId, projectId),
        eq(signingSecrets.purpose, "outbound"),
        or(isNull(signingSecrets.expiresAt), gt(signingSecrets.expiresAt, now)),
      ),
    )
    .orderBy(desc(signingSecrets.id))
    .all()
    .flatMap((r) => openSecret(tx, r.secret) ?? []);
}
