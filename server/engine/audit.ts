import { first } from "../../db/client";
import { desc, sql } from "drizzle-orm";
import { placeholdersFor, preparedQuery, type Tx } from "../../db/client";
import { auditEvents, type AuditKind } from "../../db/schema";
import { chainHash, genesisHash } from "../domain/audit-chain";
import type { Actor } from "../domain/permissions";
import { sealAuditChain } from "./audit-chain";

/** The actor columns every recorded row carries (see db/schema/columns.ts). */
export const actorColumnsOf = (actor: Actor) => ({ actorType: actor.type, actorId: actor.id, actorName: actor.name });

export type AuditEntry = {
  projectId: number | null;
  environmentId?: number | null;
  releaseId?: number | null;
  kind: AuditKind;
  summary: string;
  detail?: Record<string, unknown>;
};

/** Appends to the activity log; always called inside the transaction of the change it records. */
const columns = [
  "id",
  "projectId",
  "environmentId",
  "releaseId",
  "kind",
  "summary",
  "detail",
  "actorType",
  "actorId",
  "actorName",
  "createdAt",
  "hash",
] as const;
const insertAudit = preparedQuery((db) =>
  db.insert(auditEvents).values(placeholdersFor(auditEvents, columns)).prepare(),
);

const lastEntry = preparedQuery((db) =>
  db
    .select({ id: auditEvents.id, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.id))
    .limit(1)
    .prepare(),
);

/**
 * Appends to the activity log, chained to the entry before (README: Evidence): the id is the
 * next one and the hash covers the previous hash, so the chain cannot fork — one writer at a
 * time holds the transaction this runs in.
 */
export async function recordAudit(tx: Tx, actor: Actor, entry: AuditEntry, now: Date): Promise<void> {
  let last = await first(await lastEntry(tx).execute());
  if (last && last.hash === null) {
    await sealAuditChain(tx);
    last = await first(await lastEntry(tx).execute());
  }
  const row = {
    id: (last?.id ?? 0) + 1,
    projectId: entry.projectId,
    environmentId: entry.environmentId ?? null,
    releaseId: entry.releaseId ?? null,
    kind: entry.kind,
    summary: entry.summary,
    detail: entry.detail ?? null,
    ...actorColumnsOf(actor),
    createdAt: now,
  };
  await insertAudit(tx).execute({ ...row, hash: chainHash(last?.hash ?? genesisHash, row) });
}

/**
 * A project's newest activity entry, as a column of a select from projects: what the overview and the
 * sign-off inbox key what they keep by (every change to a project writes an entry in its transaction).
 */
export const projectLastEventId = () =>
  // Spelled out: drizzle writes a lone "id" here, which the subquery would read as its own.
  sql<number | null>`(select max(a.id) from audit_events a where a.project_id = "projects"."id")`;
