import { and, desc, eq, lt } from "drizzle-orm";
import type { Db } from "../../db/client";
import { deliveries, type DeliveryOutcome } from "../../db/schema";

const pageSize = 50;

/** A project's delivery log, newest first, a page at a time (cursor = the last id seen). */
export async function listDeliveries(
  db: Db,
  projectId: number,
  filter: { outcome?: DeliveryOutcome; cursor?: number },
) {
  const rows = await db
    .select()
    .from(deliveries)
    .where(
      and(
        eq(deliveries.projectId, projectId),
        filter.outcome ? eq(deliveries.outcome, filter.outcome) : undefined,
        filter.cursor ? lt(deliveries.id, filter.cursor) : undefined,
      ),
    )
    .orderBy(desc(deliveries.id))
    .limit(pageSize + 1);
  return { items: rows.slice(0, pageSize), nextCursor: rows.length > pageSize ? rows[pageSize - 1]!.id : null };
}
