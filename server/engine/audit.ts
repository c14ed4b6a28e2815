import { placeholdersFor, preparedQuery, type Tx } from "../../db/client";
import { auditEvents, type AuditKind } from "../../db/schema";
import type { Actor } from "../domain/permissions";

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
] as const;
const insertAudit = preparedQuery((db) =>
  db.insert(auditEvents).values(placeholdersFor(auditEvents, columns)).prepare(),
);

export function recordAudit(tx: Tx, actor: Actor, entry: AuditEntry, now: Date): void {
  insertAudit(tx).run({
    projectId: entry.projectId,
    environmentId: entry.environmentId ?? null,
    releaseId: entry.releaseId ?? null,
    kind: entry.kind,
    summary: entry.summary,
    detail: entry.detail ?? null,
    ...actorColumnsOf(actor),
    createdAt: now,
  });
}
