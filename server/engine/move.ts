import { first } from "../../db/client";
import { actorColumnsOf } from "./audit";
import { and, asc, eq, ne } from "drizzle-orm";
import type { Tx } from "../../db/client";
import {
  releases,
  scheduledPromotions,
  transitions,
  type ScheduledPromotion,
  type Environment,
  type Release,
  type Transition,
  type TransitionKind,
} from "../../db/schema";
import { effectiveCapacity } from "../domain/gates";
import { systemActor, type Actor } from "../domain/permissions";
import { recordAudit } from "./audit";
import { currentDeployments, requestDeployment } from "./deploy";

export type Move = {
  release: Release;
  /** Null when the release leaves the board (supersede, abandon). */
  to: Environment | null;
  kind: TransitionKind;
  actor: Actor;
  reason?: string | null;
  overriddenGates?: string[];
  pipeline: Environment[];
  now: Date;
};

const verbs: Record<TransitionKind, string> = {
  create: "created",
  promote: "promoted",
  "auto-promote": "auto-promoted",
  rollback: "rolled back",
  supersede: "superseded",
  abandon: "abandoned",
};

function describe(move: Move, from: Environment | undefined): string {
  const { release, to, kind, actor } = move;
  if (kind === "create") return `${actor.name} created ${release.version} in ${to?.name}`;
  if (!to) return `${actor.name} ${verbs[kind]} ${release.version} in ${from?.name ?? "?"}`;
  // Redeploying a superseded release: it goes back into the environment it left.
  if (kind === "rollback" && from?.id === to.id) return `${actor.name} rolled ${to.name} back to ${release.version}`;
  return `${actor.name} ${verbs[kind]} ${release.version} from ${from?.name ?? "?"} to ${to.name}`;
}

/**
 * A rollback holds the release where it lands (automation must not undo a person's
 * decision); a person moving it forward, or its leaving the board, ends the hold.
 */
function holdAfter(move: Move): Partial<Pick<Release, "heldAt" | "heldByName" | "heldReason">> {
  if (move.kind === "rollback")
    return { heldAt: move.now, heldByName: move.actor.name, heldReason: move.reason ?? null };
  if (move.kind === "auto-promote" || move.kind === "create" || (move.kind === "promote" && move.actor.type !== "user"))
    return {};
  return { heldAt: null, heldByName: null, heldReason: null };
}

/**
 * Records one transition and puts the release where it says, with its audit entry; then,
 * if the environment entered is over capacity, supersedes the oldest releases there.
 * Must run inside the caller's transaction.
 */
export async function applyMove(tx: Tx, move: Move): Promise<{ release: Release; transition: Transition }> {
  const { release, to, kind, actor, now, pipeline } = move;
  const from = kind === "create" ? undefined : pipeline.find((e) => e.id === release.environmentId);
  const transition = (await first(
    tx
      .insert(transitions)
      .values({
        projectId: release.projectId,
        releaseId: release.id,
        fromEnvironmentId: kind === "create" ? null : release.environmentId,
        toEnvironmentId: to?.id ?? null,
        kind,
        reason: move.reason ?? null,
        overriddenGates: move.overriddenGates ?? [],
        ...actorColumnsOf(actor),
        createdAt: now,
      })
      .returning(),
  ))!;
  const state = kind === "supersede" ? "superseded" : kind === "abandon" ? "abandoned" : "active";
  const moved = (await first(
    tx
      .update(releases)
      .set({ environmentId: to?.id ?? release.environmentId, enteredAt: now, state, ...holdAfter(move) })
      .where(eq(releases.id, release.id))
      .returning(),
  ))!;
  await recordAudit(
    tx,
    actor,
    {
      projectId: release.projectId,
      environmentId: to?.id ?? release.environmentId,
      releaseId: release.id,
      kind: kind === "create" ? "release.created" : "release.moved",
      summary: describe(move, from),
      detail: {
        transition: kind,
        version: release.version,
        from: from?.slug ?? null,
        to: to?.slug ?? null,
        reason: move.reason ?? null,
        overriddenGates: move.overriddenGates ?? [],
      },
    },
    now,
  );
  if (kind !== "create") await cancelScheduleOnMove(tx, release, kind, actor, now);
  if (kind === "rollback" && to) await cancelSchedulesInto(tx, to, moved, actor, now);
  if (to?.deployTarget) {
    // The release is not *in* the environment until its deploy succeeds: the one it
    // replaces stays (live) until then, and reportDeployment enforces capacity.
    await requestDeployment(tx, { release: moved, environment: to, transition, from, actor, reason: move.reason, now });
  } else if (to) {
    // What a rollback pushes out was rolled back, not merely superseded: the board says so.
    const why = kind === "rollback" ? `${to.name} rolled back to ${release.version} by ${actor.name}` : undefined;
    await enforceCapacity(tx, to, pipeline, now, moved, why);
  }
  return { release: moved, transition };
}

/**
 * Supersedes the oldest active releases of an environment until it holds no more than
 * its capacity. `newcomer`, the release that just entered, is never the one to go.
 */
export async function enforceCapacity(
  tx: Tx,
  environment: Environment,
  pipeline: Environment[],
  now: Date,
  newcomer?: Release,
  reason?: string,
) {
  const capacity = effectiveCapacity(pipeline, environment);
  if (capacity === null) return;
  const present = await tx
    .select()
    .from(releases)
    .where(
      and(
        eq(releases.environmentId, environment.id),
        eq(releases.state, "active"),
        newcomer ? ne(releases.id, newcomer.id) : undefined,
      ),
    )
    .orderBy(asc(releases.enteredAt), asc(releases.id));
  // Where entering deploys, a release still deploying is not *in* yet and takes no place.
  const deployed = environment.deployTarget ? await currentDeployments(tx, present) : null;
  const others = deployed ? present.filter((r) => deployed.get(r.id)?.status === "succeeded") : present;
  const excess = others.length + (newcomer ? 1 : 0) - capacity;
  for (const oldest of others.slice(0, Math.max(0, excess))) {
    await applyMove(tx, {
      release: oldest,
      to: null,
      kind: "supersede",
      actor: systemActor,
      reason: reason ?? `${newcomer?.version} entered ${environment.name} (capacity ${capacity})`,
      pipeline,
      now,
    });
  }
}

/** A schedule was for the environment the release just left: moving it first settles it. */
async function cancelScheduleOnMove(tx: Tx, release: Release, kind: TransitionKind, actor: Actor, now: Date) {
  const cancelled = (await first(
    tx
      .update(scheduledPromotions)
      .set({ state: "cancelled", outcome: `the release was ${verbs[kind]} before the scheduled time`, resolvedAt: now })
      .where(and(eq(scheduledPromotions.releaseId, release.id), eq(scheduledPromotions.state, "pending")))
      .returning(),
  ))!;
  if (cancelled)
    await auditCancelled(tx, cancelled, release, actor, now, `${release.version} was ${verbs[kind]} first`);
}

/**
 * An environment just rolled back is a person's decision: promotions into it scheduled
 * before that would undo it, so they are cancelled (and say why).
 */
async function cancelSchedulesInto(tx: Tx, environment: Environment, rolledBack: Release, actor: Actor, now: Date) {
  const why = `${environment.name} was rolled back to ${rolledBack.version} by ${actor.name}`;
  const cancelled = await tx
    .update(scheduledPromotions)
    .set({ state: "cancelled", outcome: why, resolvedAt: now })
    .where(and(eq(scheduledPromotions.toEnvironmentId, environment.id), eq(scheduledPromotions.state, "pending")))
    .returning();
  for (const schedule of cancelled) {
    const release = (await first(tx.select().from(releases).where(eq(releases.id, schedule.releaseId))))!;
    await auditCancelled(tx, schedule, release, actor, now, why);
  }
}

async function auditCancelled(
  tx: Tx,
  schedule: ScheduledPromotion,
  release: Release,
  actor: Actor,
  now: Date,
  why: string,
) {
  await recordAudit(
    tx,
    actor,
    {
      projectId: release.projectId,
      environmentId: schedule.toEnvironmentId,
      releaseId: release.id,
      kind: "promotion.schedule_cancelled",
      summary: `The promotion of ${release.version} scheduled by ${schedule.actorName} was cancelled: ${why}`,
      detail: { version: release.version, at: schedule.runAt.toISOString(), why },
    },
    now,
  );
}
