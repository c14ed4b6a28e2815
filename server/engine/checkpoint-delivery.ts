import { randomUUID } from "node:crypto";
import type { Tx } from "../../db/client";
import { outbox } from "../../db/schema";
import { outboundRetryWindowMs } from "../domain/deploy";
import { renderCheckpointEmail } from "../domain/audit-chain";
import type { Checkpoint } from "./audit-chain";
import { emailKind, notifySettingsFrom } from "./notify";

/** Where signed checkpoints go (AUDIT_CHECKPOINT_WEBHOOK, AUDIT_CHECKPOINT_EMAIL; README: Evidence). */
export type CheckpointTargets = { webhook: string | null; emails: readonly string[] };

export const checkpointKind = "audit.checkpoint";

/**
 * Queues a checkpoint for its outbound targets in the caller's transaction (the one that writes it):
 * a POST of the checkpoint as JSON to the webhook — it carries its own Ed25519 signature, which the
 * receiver checks with `audit public-key` — and an e-mail to each auditor. The dispatcher delivers
 * them with its retries and the address guard; nothing is queued when no target is set.
 */
export async function queueCheckpointDelivery(tx: Tx, checkpoint: Checkpoint, targets: CheckpointTargets, now: Date) {
  const settings = notifySettingsFrom();
  const row = (kind: string, target: Record<string, unknown>, payload: unknown) => ({
    projectId: null,
    kind,
    messageId: `msg_${randomUUID()}`,
    target,
    payload: JSON.stringify(payload),
    recipient: null,
    nextAttemptAt: now,
    retryUntil: new Date(now.getTime() + outboundRetryWindowMs),
    createdAt: now,
  });
  if (targets.webhook)
    await tx
      .insert(outbox)
      .values(row(checkpointKind, { webhook: { url: targets.webhook } }, { type: "audit.checkpoint", checkpoint }));
  if (settings.emailOn && targets.emails.length) {
    const email = renderCheckpointEmail(checkpoint, settings.baseUrl);
    for (const to of targets.emails) await tx.insert(outbox).values(row(emailKind, { email: { to } }, email));
  }
}
