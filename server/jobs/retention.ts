import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { deliveries, idempotencyKeys } from "../../db/schema";

/** Per project, the delivery log keeps at most this many entries, however young. */
export const deliveryLogMaxPerProject = 100_000;
const everyMs = 60 * 60_000;

/**
 * Bounds the delivery log and the idempotency keys: entries older than the retention
 * (DELIVERY_LOG_RETENTION_DAYS, default 30) go, and a project keeps its newest 100,000
 * deliveries. Idempotency keys live as long, far more than the 5 minutes a signed
 * webhook-id must be remembered. Returns how many rows went.
 */
export function pruneDeliveryLog(db: Db, options: { retentionDays: number; maxPerProject?: number; now?: Date }) {
  const cutoff = new Date((options.now ?? new Date()).getTime() - options.retentionDays * 24 * 60 * 60_000);
  const max = options.maxPerProject ?? deliveryLogMaxPerProject;
  return db.transaction(
    (tx) => {
      let removed = tx.delete(deliveries).where(lt(deliveries.createdAt, cutoff)).run().changes;
      const crowded = tx
        .select({ projectId: deliveries.projectId })
        .from(deliveries)
        .groupBy(deliveries.projectId)
        .having(sql`count(*) > ${max}`)
        .all();
      for (const { projectId } of crowded) {
        if (projectId === null) continue;
        // The id of the oldest entry to keep; everything older in this project goes.
        const keep = tx
          .select({ id: deliveries.id })
          .from(deliveries)
          .where(eq(deliveries.projectId, projectId))
          .orderBy(sql`${deliveries.id} desc`)
          .limit(1)
          .offset(max - 1)
          .get();
        if (keep)
          removed += tx
            .delete(deliveries)
            .where(and(eq(deliveries.projectId, projectId), lt(deliveries.id, keep.id)))
            .run().changes;
      }
      const keys = tx.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, cutoff)).run().changes;
      return { deliveries: removed, idempotencyKeys: keys };
    },
    { behavior: "immediate" },
  );
}

/** Prunes at start and then hourly, until stopped. */
export function startRetention(db: Db, retentionDays: number) {
  const run = () => {
    try {
      pruneDeliveryLog(db, { retentionDays });
    } catch (error) {
      // A storage fault is logged once, by the storage watch (README: Faults), not on every pass.
      if (!db.$health.failed(error)) console.error("[retention]", error);
    }
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
