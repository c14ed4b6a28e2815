import { z } from "zod";
import { and, eq, isNull } from "drizzle-orm";
import { signingSecrets, type SecretPurpose } from "../../db/schema";
import { authorize, clock, parseInput, writeTransaction, type VerbArgs } from "./context";
import { slugSchema } from "../domain/schemas";
import { recordAudit, findProject, insertSigningSecret } from "../engine";

/** After a rotation the previous secret keeps verifying for a day, so senders can switch over. */
export const rotationOverlapMs = 24 * 60 * 60 * 1000;

export const rotateSigningSecretInput = z.object({ project: slugSchema, outbound: z.boolean().optional() });

/** Stores a new signing secret, encrypted (server/auth/secret-box.ts), and returns it in clear. */
export async function rotateSigningSecret({ ctx, input }: VerbArgs<z.input<typeof rotateSigningSecretInput>>) {
  const data = parseInput(rotateSigningSecretInput, input);
  return writeTransaction(ctx, async (tx) => {
    const project = await findProject(tx, data.project);
    authorize(ctx, "token.manage", project.id);
    const now = clock(ctx);
    const purpose: SecretPurpose = data.outbound ? "outbound" : "inbound";
    await tx
      .update(signingSecrets)
      .set({ expiresAt: new Date(now.getTime() + rotationOverlapMs) })
      .where(
        and(
          eq(signingSecrets.projectId, project.id),
          eq(signingSecrets.purpose, purpose),
          isNull(signingSecrets.expiresAt),
        ),
      );
    const secret = await insertSigningSecret(tx, project.id, now, purpose);
    const which = data.outbound ? "outbound signing secret" : "signing secret";
    await recordAudit(
      tx,
      ctx.actor,
      { projectId: project.id, kind: "secret.rotated", summary: `${ctx.actor.name} rotated the ${which}` },
      now,
    );
    return secret;
  });
}
