import { first } from "../../db/client";
import { and, eq, isNull, lt, lte, max, sql, type SQL } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { affectedRows } from "../../db/dialect";
import { deliveries } from "../../db/schema";

/**
 * How big the delivery log may grow (README: Security). Every limit holds for the newest
 * entries: a project keeps at most 100,000; of those, refusals that never authenticated
 * at most 1,000, so a flood of them cannot push a project's real deliveries out; and the
 * whole log at most 500,000. Requests that named no known project are not stored at all
 * (server/http/api.ts counts them in one log line a minute).
 */
export const deliveryLogCaps = { perProject: 100_000, anonymousPerProject: 1_000, total: 500_000 } as const;
export type DeliveryLogCaps = { perProject: number; anonymousPerProject: number; total: number };

/** The caps are enforced on insert, once every this many entries (by id), not only by the hourly sweep. */
export const capCheckEvery = 100;

const anonymous = () => and(isNull(deliveries.sender), isNull(deliveries.resentBy));

/** Removes a project's entries beyond its caps, oldest first; returns how many went. */
export async function capProjectDeliveries(
  db: Tx,
  projectId: number,
  caps: DeliveryLogCaps = deliveryLogCaps,
): Promise<number> {
  // The id of the oldest entry to keep under each cap; everything older of that kind goes.
  const oldestKept = async (where: SQL | undefined, cap: number) =>
    (
      await first(
        db
          .select({ id: deliveries.id })
          .from(deliveries)
          .where(where)
          .orderBy(sql`${deliveries.id} desc`)
          .limit(1)
          .offset(cap - 1),
      )
    )?.id;
  let removed = 0;
  const anonymousOfProject = and(eq(deliveries.projectId, projectId), anonymous());
  const anonymousKept = await oldestKept(anonymousOfProject, caps.anonymousPerProject);
  if (anonymousKept !== undefined)
    removed += affectedRows(
      await db.delete(deliveries).where(and(anonymousOfProject, lt(deliveries.id, anonymousKept))),
    );
  const kept = await oldestKept(eq(deliveries.projectId, projectId), caps.perProject);
  if (kept !== undefined)
    removed += affectedRows(
      await db.delete(deliveries).where(and(eq(deliveries.projectId, projectId), lt(deliveries.id, kept))),
    );
  return removed;
}

/**
 * Removes entries beyond the whole log's cap. Ids only grow (AUTOINCREMENT), so everything
 * at or below the newest id minus the cap goes: at most `total` entries stay, found through
 * the primary key without counting the table.
 */
export async function capAllDeliveries(db: Tx, caps: DeliveryLogCaps = deliveryLogCaps): Promise<number> {
  const newest = (await first(db.select({ id: max(deliveries.id) }).from(deliveries)))?.id;
  if (newest === null || newest === undefined || newest <= caps.total) return 0;
  return affectedRows(await db.delete(deliveries).where(lte(deliveries.id, newest - caps.total)));
}

/** After the entry with this id was added: every `capCheckEvery` entries, the caps are enforced at once. */
export async function capDeliveriesAfterInsert(db: Tx, id: number, projectId: number | null): Promise<void> {
  if (id % capCheckEvery !== 0) return;
  if (projectId !== null) await capProjectDeliveries(db, projectId);
  await capAllDeliveries(db);
}
