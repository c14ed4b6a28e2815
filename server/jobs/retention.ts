import { writeTransaction } from "../../db/client";
import { affectedRows } from "../../db/dialect";
import { isNull, lt } from "drizzle-orm";
import type { Db } from "../../db/client";
import { deliveries, idempotencyKeys } from "../../db/schema";
import {
  capAllDeliveries,
  capProjectDeliveries,
  deliveryLogCaps,
  type DeliveryLogCaps,
} from "../services/delivery-log";

/** Per project, the delivery log keeps at most this many entries, however young. */
export const deliveryLogMaxPerProject = deliveryLogCaps.perProject;
const everyMs = 60 * 60_000;

/**
 * Bounds the delivery log and the idempotency keys: entries older than the retention
 * (DELIVERY_LOG_RETENTION_DAYS, default 30) go, and the caps of services/delivery-log.ts
 * hold (a project's newest 100,000, of which at most 1,000 unauthenticated refusals; the
 * newest 500,000 in all; they are also enforced as entries are added). Idempotency keys
 * live as long, far more than the 5 minutes a signed webhook-id must be remembered.
 * Returns how many rows went.
 */
export async function pruneDeliveryLog(
  db: Db,
  options: { retentionDays: number; maxPerProject?: number; caps?: Partial<DeliveryLogCaps>; now?: Date },
) {
  const cutoff = new Date((options.now ?? new Date()).getTime() - options.retentionDays * 24 * 60 * 60_000);
  const caps: DeliveryLogCaps = {
    ...deliveryLogCaps,
    ...(options.maxPerProject ? { perProject: options.maxPerProject } : {}),
    ...options.caps,
  };
  return writeTransaction(db, async (tx) => {
    let removed = affectedRows(await tx.delete(deliveries).where(lt(deliveries.createdAt, cutoff)));
    // Refusals naming no known project, stored by versions before they were left out of the log.
    removed += affectedRows(await tx.delete(deliveries).where(isNull(deliveries.projectId)));
    const projects = await tx.selectDistinct({ projectId: deliveries.projectId }).from(deliveries);
    for (const { projectId } of projects) {
      if (projectId !== null) removed += await capProjectDeliveries(tx, projectId, caps);
    }
    removed += await capAllDeliveries(tx, caps);
    const keys = affectedRows(await tx.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, cutoff)));
    return { deliveries: removed, idempotencyKeys: keys };
  });
}

/** Prunes at start and then hourly, until stopped. */
export async function startRetention(db: Db, retentionDays: number) {
  const run = async () => {
    try {
      await pruneDeliveryLog(db, { retentionDays });
    } catch (error) {
      // A storage fault is logged once, by the storage watch (README: Faults), not on every pass.
      if (!db.$health.failed(error)) console.error("[retention]", error);
    }
  };
  await run();
  const timer = setInterval(() => void run(), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
