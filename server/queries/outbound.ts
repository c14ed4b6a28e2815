import { and, desc, eq, inArray, lt } from "drizzle-orm";
import type { Db } from "../../db/client";
import { outbox, outboxAttempts } from "../../db/schema";

const pageSize = 25;

/**
 * The outbound section of a project's delivery log: messages newest first, each with
 * every attempt (status, time taken, the start of the answer). Cursor = last id seen.
 */
export async function listOutbound(db: Db, projectId: number, cursor?: number) {
  const rows = await db
    .select()
    .from(outbox)
    .where(and(eq(outbox.projectId, projectId), cursor ? lt(outbox.id, cursor) : undefined))
    .orderBy(desc(outbox.id))
    .limit(pageSize + 1);
  const items = rows.slice(0, pageSize);
  const attempts = items.length
    ? await db
        .select()
        .from(outboxAttempts)
        .where(
          inArray(
            outboxAttempts.outboxId,
            items.map((m) => m.id),
          ),
        )
        .orderBy(desc(outboxAttempts.id))
    : [];
  return {
    items: items.map((m) => ({
      id: m.id,
      kind: m.kind,
      messageId: m.messageId,
      target: m.target,
      payload: m.payload,
      state: m.state,
      attempts: attempts.filter((a) => a.outboxId === m.id),
      nextAttemptAt: m.state === "pending" ? m.nextAttemptAt : null,
      lastError: m.lastError,
      deliveredAt: m.state === "delivered" ? m.deliveredAt : null,
      createdAt: m.createdAt,
    })),
    nextCursor: rows.length > pageSize ? items.at(-1)!.id : null,
  };
}
