import { randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull, or } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { signingSecrets, type SecretPurpose } from "../../db/schema";
import { openSecret, sealSecret } from "../auth/secret-box";

export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** Stores a new signing secret for a project, sealed (server/auth/secret-box.ts); returns it in clear. */
export async function insertSigningSecret(
  tx: Tx,
  projectId: number,
  now: Date,
  purpose: SecretPurpose = "inbound",
): Promise<string> {
  const secret = newSigningSecret();
  await tx.insert(signingSecrets).values({ projectId, secret: await sealSecret(tx, secret), purpose, createdAt: now });
  return secret;
}

/**
 * The secret that signs what a project sends (README: Deployments). Projects made
 * before outbound events existed get theirs the first time it is needed.
 */
export async function outboundSecretOf(tx: Tx, projectId: number, now: Date): Promise<string> {
  return (await activeOutboundSecrets(tx, projectId, now))[0] ?? insertSigningSecret(tx, projectId, now, "outbound");
}

/** The current outbound secret and any still in its rotation overlap, newest first, in clear. */
export async function activeOutboundSecrets(tx: Tx, projectId: number, now: Date): Promise<string[]> {
  const rows = await tx
    .select({ secret: signingSecrets.secret })
    .from(signingSecrets)
    .where(
      and(
        eq(signingSecrets.projectId, projectId),
        eq(signingSecrets.purpose, "outbound"),
        or(isNull(signingSecrets.expiresAt), gt(signingSecrets.expiresAt, now)),
      ),
    )
    .orderBy(desc(signingSecrets.id));
  const secrets: string[] = [];
  for (const r of rows) {
    const secret = await openSecret(tx, r.secret);
    if (secret !== null) secrets.push(secret);
  }
  return secrets;
}
