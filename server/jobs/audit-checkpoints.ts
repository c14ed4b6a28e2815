import type { Db } from "../../db/client";
import {
  auditKeyOf,
  latestCheckpoint,
  sealAuditChain,
  verifyAuditChain,
  writeCheckpoint,
  type CheckpointTargets,
} from "../engine";

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/**
 * Seals the log, then signs a checkpoint of it once a day (README: Evidence): the entries written
 * since the last checkpoint are verified first, so each checkpoint also says "verified up to
 * here". A broken chain is logged loudly and gets no checkpoint. Each checkpoint is sent to its
 * outbound targets (AUDIT_CHECKPOINT_WEBHOOK, AUDIT_CHECKPOINT_EMAIL) through the outbox.
 */
export async function startAuditCheckpoints(
  db: Db,
  log: (line: string) => void = console.log,
  targets?: CheckpointTargets,
) {
  // Entries written before the chain existed (an older build) get their hashes first, once.
  await sealAuditChain(db);
  const key = await auditKeyOf(db);
  const run = async () => {
    try {
      const last = await latestCheckpoint(db);
      if (last && Date.now() - last.createdAt.getTime() < dayMs) return;
      const verdict = await verifyAuditChain(db, undefined, last ? { seq: last.seq, hash: last.hash } : undefined);
      if (!verdict.ok) return log(`[audit] the activity log does not verify: ${verdict.problem}`);
      const checkpoint = await writeCheckpoint(db, key, new Date(), targets);
      if (checkpoint) log(`[audit] checkpoint #${checkpoint.seq} signed (${checkpoint.hash.slice(0, 12)}…)`);
    } catch (error) {
      console.error("[audit]", error);
    }
  };
  await run();
  const timer = setInterval(() => void run(), hourMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
