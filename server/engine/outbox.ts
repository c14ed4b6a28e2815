import { engineOf, writeTransaction } from "../../db/client";
import { first } from "../../db/client";
import { and, asc, eq, inArray, lte, min, notInArray } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { deployments, outbox, outboxAttempts, releases, environments, type OutboxMessage } from "../../db/schema";
import { systemActor } from "../domain/permissions";
import { recordAudit } from "./audit";
import { announceDeployFailure } from "./notify";
import { activeOutboundSecrets, outboundSecretOf } from "./outbound-secret";

/**
 * Claims the pending messages whose time has come, oldest first, leaving out those this instance
 * is sending. On Postgres, where several instances share the outbox, each claimed message's next
 * attempt moves `leaseMs` ahead in the same write transaction,
 * so another instance on the same database (or this one's next pass) does not take it meanwhile.
 * The attempt's record sets its real next attempt; a process that dies mid-send leaves the lease to
 * run out, and the message is sent again then (at least once, under the same webhook-id).
 */
export async function dueOutboxMessages(
  db: Db,
  now: Date,
  limit: number,
  sending: number[],
  leaseMs: number,
): Promise<OutboxMessage[]> {
  if (limit <= 0) return [];
  // One instance (SQLite: one process owns the file) needs no claim: `sending` is the whole truth, and
  // a restarted process resends a message cut short at once rather than when a lease runs out.
  const claims = engineOf(db) !== undefined;
  const dueOn = (on: Db | Tx) =>
    on
      .select()
      .from(outbox)
      .where(
        and(
          eq(outbox.state, "pending"),
          lte(outbox.nextAttemptAt, now),
          sending.length ? notInArray(outbox.id, sending) : undefined,
        ),
      )
      .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
      .limit(limit);
  if (!claims) return await dueOn(db);
  return writeTransaction(db, async (tx) => {
    const due = await dueOn(tx);
    if (due.length)
      await tx
        .update(outbox)
        .set({ nextAttemptAt: new Date(now.getTime() + leaseMs) })
        .where(
          inArray(
            outbox.id,
            due.map((m) => m.id),
          ),
        );
    return due;
  });
}

/** When the next pending message not being sent now is due, or null when there is none. */
export async function nextOutboxDue(db: Db, sending: number[]): Promise<Date | null> {
  return (
    (
      await first(
        db
          .select({ at: min(outbox.nextAttemptAt) })
          .from(outbox)
          .where(and(eq(outbox.state, "pending"), sending.length ? notInArray(outbox.id, sending) : undefined)),
      )
    )?.at ?? null
  );
}

/** The outbound secrets that sign a project's messages now (more than one during a rotation). */
export async function outboundSecretsFor(db: Db, projectId: number, now: Date): Promise<string[]> {
  return writeTransaction(db, async (tx) => {
    await outboundSecretOf(tx, projectId, now);
    return activeOutboundSecrets(tx, projectId, now);
  });
}

export type AttemptRecord = {
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  excerpt: string | null;
  outcome: "delivered" | "retry" | "failed";
  /** For a retry: when to try again. */
  nextAttemptAt?: Date;
};

/**
 * Writes one attempt and what it decided, in one transaction. A message that failed for
 * good fails its deployment too (unless the deploy system has reported since), so the
 * card says "Deploy failed" instead of waiting for ever.
 */
export async function recordOutboxAttempt(db: Db, message: OutboxMessage, attempt: AttemptRecord, now: Date) {
  await writeTransaction(db, async (tx) => {
    const current = await first(tx.select().from(outbox).where(eq(outbox.id, message.id)));
    if (!current) return;
    const number = current.attempts + 1;
    await tx
      .insert(outboxAttempts)
      .values({
        outboxId: message.id,
        projectId: message.projectId,
        attempt: number,
        statusCode: attempt.statusCode,
        durationMs: attempt.durationMs,
        error: attempt.error,
        responseExcerpt: attempt.excerpt,
        outcome: attempt.outcome,
        createdAt: now,
      });
    await tx
      .update(outbox)
      .set({
        attempts: number,
        state: attempt.outcome === "retry" ? "pending" : attempt.outcome,
        nextAttemptAt: attempt.nextAttemptAt ?? current.nextAttemptAt,
        lastError: attempt.error,
        ...(attempt.outcome === "delivered" ? { deliveredAt: now } : {}),
      })
      .where(eq(outbox.id, message.id));
    if (attempt.outcome === "failed" && message.deploymentId)
      await failDeployment(tx, message.deploymentId, attempt.error ?? "the target refused it", now);
  });
}

/** How a deployment failed by its undeliverable request is described (and recognised again). */
export const undeliveredPrefix = "The deploy request could not be delivered";

async function failDeployment(tx: Tx, deploymentId: number, why: string, now: Date) {
  const deployment = await first(tx.select().from(deployments).where(eq(deployments.id, deploymentId)));
  if (!deployment || deployment.status !== "requested") return;
  const description = `${undeliveredPrefix}: ${why}`.slice(0, 2000);
  await tx
    .update(deployments)
    .set({ status: "failed", statusAt: now, description })
    .where(eq(deployments.id, deploymentId));
  const release = await first(
    tx.select({ version: releases.version }).from(releases).where(eq(releases.id, deployment.releaseId)),
  );
  const environment = await first(
    tx
      .select({ name: environments.name, slug: environments.slug })
      .from(environments)
      .where(eq(environments.id, deployment.environmentId)),
  );
  await recordAudit(
    tx,
    systemActor,
    {
      projectId: deployment.projectId,
      environmentId: deployment.environmentId,
      releaseId: deployment.releaseId,
      kind: "deployment.reported",
      summary: `deploy of ${release?.version} to ${environment?.name} failed: ${description}`,
      detail: { version: release?.version, environment: environment?.slug, status: "failed", deployment: deploymentId },
    },
    now,
  );
  await announceDeployFailure(tx, deployment.releaseId, deployment.environmentId, description, now);
}
