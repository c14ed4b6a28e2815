import { first } from "../../db/client";
import { z } from "zod";
import { desc, eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { releases, transitions, type Environment, type Project, type Release, type Transition } from "../../db/schema";
import { evaluateGates, type GateEvaluation, type GateItem } from "../domain/gates";
import { indexOfEnvironment } from "../domain/policy";
import { can } from "../domain/permissions";
import { conflict, gatesFailed, invalid } from "../errors";
import {
  authorize,
  clock,
  parseInput,
  writeTransaction,
  type ServiceContext,
  type VerbArgs,
  authorizedProject,
} from "./context";
import { reasonSchema, slugSchema, versionSchema } from "../domain/schemas";
import {
  autoPromoteAfterMove,
  type AutoPromotion,
  gateFactsFor,
  loadProjectFacts,
  loadReleaseFacts,
  findEnvironment,
  findRelease,
  applyMove,
  teamsOf,
} from "../engine";
import type { Asker } from "../domain/approvals";

export const moveReleaseInput = z.object({
  project: slugSchema,
  version: versionSchema,
  /** The environment to move to. */
  to: slugSchema,
  /** Where the caller believes the release is; if it has moved since, the move is a conflict. */
  from: slugSchema.optional(),
  /** Required for rollbacks and overrides. */
  reason: reasonSchema.optional(),
  /** Admins only: promote past failing gates, with `reason` as the justification. */
  override: z.boolean().optional(),
  /**
   * Move an older release forward into the environment where a newer one is (live in the
   * last): going back to it is a rollback, with a reason, never a promotion.
   */
  rollback: z.boolean().optional(),
});
export type MoveReleaseInput = z.input<typeof moveReleaseInput>;

export type MoveResult = { transition: Transition; release: Release; autoPromoted: AutoPromotion[] };

async function describeWhere(tx: Tx, release: Release, pipeline: Environment[]): Promise<string> {
  const env = pipeline.find((e) => e.id === release.environmentId);
  const last = await first(
    tx.select().from(transitions).where(eq(transitions.releaseId, release.id)).orderBy(desc(transitions.id)).limit(1),
  );
  const by = last ? ` (${last.kind} by ${last.actorName})` : "";
  if (release.state !== "active") return `it was ${release.state} in ${env?.name ?? "a removed environment"}${by}`;
  return `it is in ${env?.name ?? "a removed environment"} now${by}`;
}

/**
 * Moves a release as a person would (README: How releases move): forward one step when the gates hold,
 * past them with an admin's override, backward as a rollback with a reason, or a
 * superseded release back into the environment it left (redeploy).
 */
export async function moveRelease({ ctx, input }: VerbArgs<MoveReleaseInput>): Promise<MoveResult> {
  const data = parseInput(moveReleaseInput, input);
  return writeTransaction(ctx, (tx) => moveReleaseIn(tx, ctx, data));
}

/** The move itself, inside the caller's transaction (the scheduler runs it in its own). */
export async function moveReleaseIn(
  tx: Tx,
  ctx: ServiceContext,
  data: z.output<typeof moveReleaseInput>,
): Promise<MoveResult> {
  const { project, pipeline } = await authorizedProject(ctx, tx, data.project, "release.move");
  const release = await findRelease(tx, project, data.version);
  const target = findEnvironment(pipeline, data.to, project);
  const current = pipeline.find((e) => e.id === release.environmentId);

  if (data.from !== undefined && (data.from !== current?.slug || release.state !== "active")) {
    const redeployFrom = release.state === "superseded" && data.from === current?.slug;
    if (!redeployFrom) {
      throw conflict(
        `${release.version} is no longer in ${pipeline.find((e) => e.slug === data.from)?.name ?? data.from}: ${await describeWhere(tx, release, pipeline)}`,
      );
    }
  }
  if (release.state === "abandoned") throw conflict(`${release.version} was abandoned; it can no longer move`);
  if (!current) throw invalid(`${release.version} is in an environment that was removed from the pipeline`);

  const now = clock(ctx);
  const moved = await chooseMove(tx, ctx, { project, release, current, target, pipeline, data, now });
  const autoPromoted = await autoPromoteAfterMove(tx, project.id, now, release.id);
  const release2 = autoPromoted.length
    ? (await first(tx.select().from(releases).where(eq(releases.id, release.id))))!
    : moved.release;
  return { transition: moved.transition, release: release2, autoPromoted };
}

type MovePlan = {
  project: Project;
  release: Release;
  current: Environment;
  target: Environment;
  pipeline: Environment[];
  data: z.output<typeof moveReleaseInput>;
  now: Date;
};

async function chooseMove(
  tx: Tx,
  ctx: ServiceContext,
  plan: MovePlan,
): Promise<{ release: Release; transition: Transition }> {
  const { release, current, target, pipeline, data, now } = plan;
  const fromIndex = indexOfEnvironment(pipeline, current.id);
  const toIndex = indexOfEnvironment(pipeline, target.id);

  if (release.state === "superseded") {
    if (target.id !== current.id) {
      throw invalid(
        `${release.version} was superseded in ${current.name}; it can only be redeployed there (roll back to ${current.slug})`,
      );
    }
    if (!data.reason)
      throw invalid("reason: a redeploy is a rollback and needs a reason", [
        { path: "reason", message: "a reason is required" },
      ]);
    return applyMove(tx, {
      release,
      to: target,
      kind: "rollback",
      actor: ctx.actor,
      reason: data.reason,
      pipeline,
      now,
    });
  }

  if (toIndex === fromIndex) throw invalid(`${release.version} is already in ${target.name}`);

  if (toIndex < fromIndex) {
    if (!data.reason) {
      throw invalid(`reason: rolling back ${release.version} to ${target.name} needs a reason`, [
        { path: "reason", message: "a reason is required" },
      ]);
    }
    return applyMove(tx, {
      release,
      to: target,
      kind: "rollback",
      actor: ctx.actor,
      reason: data.reason,
      pipeline,
      now,
    });
  }

  const perRelease = (await loadReleaseFacts(tx, [release])).get(release.id);
  const mover = ctx.actor.type === "user" ? "person" : ctx.actor.type === "token" ? "token" : "system";
  const evaluation = evaluateGates(
    gateFactsFor(await loadProjectFacts(tx, pipeline), release, perRelease, now, await askerOf(tx, ctx, target)),
    target.id,
    mover,
  )!;
  const newerLive = evaluation.items.find((i) => i.gate === "newer-live" && !i.met);
  if (data.rollback) return rollForward(tx, ctx, plan, evaluation, newerLive);
  if (newerLive && data.override) {
    throw gatesFailed(`${newerLive.reason}: roll it back with a reason instead of overriding`, [newerLive]);
  }
  if (evaluation.allMet) {
    return applyMove(tx, {
      release,
      to: target,
      kind: "promote",
      actor: ctx.actor,
      reason: data.reason,
      pipeline,
      now,
    });
  }
  const unmet = evaluation.items.filter((i) => !i.met);
  if (data.override) {
    authorize(ctx, "release.override", plan.project.id);
    if (!data.reason) {
      throw invalid("reason: an override needs a written justification", [
        { path: "reason", message: "a justification is required" },
      ]);
    }
    return applyMove(tx, {
      release,
      to: target,
      kind: "promote",
      actor: ctx.actor,
      reason: data.reason,
      overriddenGates: evaluation.failing,
      pipeline,
      now,
    });
  }
  const hint = newerLive
    ? " (roll back with a reason to go back to it)"
    : can(ctx.actor, "release.override", plan.project.id)
      ? " (an override can promote past them)"
      : "";
  throw gatesFailed(
    `${release.version} cannot enter ${target.name} yet: ${unmet.map((i) => i.reason).join("; ")}${hint}`,
    unmet,
  );
}

/** Who asks, as the `promoters` gate reads it; their teams are only looked up when the target names some. */
async function askerOf(tx: Tx, ctx: ServiceContext, target: Environment): Promise<Asker> {
  const actor = ctx.actor;
  if (actor.type === "system") return { type: "system" };
  if (actor.type === "token") return { type: "token", name: actor.name };
  const teams = target.promoters.length ? await teamsOf(tx, actor.id) : [];
  return { type: "user", id: actor.id, name: actor.name, role: actor.role, teams };
}

/**
 * Going back to an older release in the environment ahead, where a newer one is current
 * (in the last environment: live). It is a rollback of that environment: gates other than
 * the order do not apply, a reason is required, and the release is held there.
 */
function rollForward(
  tx: Tx,
  ctx: ServiceContext,
  plan: MovePlan,
  evaluation: GateEvaluation,
  newerLive: GateItem | undefined,
) {
  const { release, target, pipeline, data, now } = plan;
  if (!newerLive) {
    throw invalid(`Nothing newer than ${release.version} is in ${target.name}: promote it instead of rolling back`);
  }
  const order = evaluation.items.find((i) => i.gate === "order" && !i.met);
  if (order) throw gatesFailed(order.reason, [order]);
  if (!data.reason) {
    throw invalid(`reason: going back to ${release.version} in ${target.name} is a rollback and needs a reason`, [
      { path: "reason", message: "a reason is required" },
    ]);
  }
  return applyMove(tx, { release, to: target, kind: "rollback", actor: ctx.actor, reason: data.reason, pipeline, now });
}
