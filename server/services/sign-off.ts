import { first } from "../../db/client";
import { z } from "zod";
import { signoffDecisions, signoffs } from "../../db/schema";
import type { Tx } from "../../db/client";
import type { Environment, Release } from "../../db/schema";
import { conflict, forbidden, invalid } from "../errors";
import { approvalRefusal, needsSignoff } from "../domain/approvals";
import { nextEnvironment } from "../domain/policy";
import {
  clock,
  parseInput,
  writeTransaction,
  type ServiceContext,
  type VerbArgs,
  actorColumnsOf,
  authorizedProject,
} from "./context";
import { slugSchema, versionSchema } from "../domain/schemas";
import {
  recordAudit,
  autoPromote,
  announceRejection,
  findRelease,
  loadProjectFacts,
  loadReleaseFacts,
  teamsOf,
} from "../engine";

export const signOffInput = z
  .object({
    project: slugSchema,
    version: versionSchema,
    /** The environment the release is waiting to enter; checked against where it really is. */
    environment: slugSchema,
    decision: z.enum(signoffDecisions),
    comment: z.string().trim().max(4000).optional(),
  })
  .refine((v) => v.decision === "approve" || (v.comment ?? "").length > 0, {
    path: ["comment"],
    message: "a rejection needs a comment saying why",
  });
export type SignOffInput = z.input<typeof signOffInput>;

/**
 * A protected environment's rules about who decides (README: Teams and protected environments):
 * "Only Finance or Product may approve Production; you are in Engineering", "You promoted
 * 2.12.0 to Staging: separation of duties". Rejections too: who may not approve may not block.
 */
async function refuseIneligible(
  tx: Tx,
  ctx: ServiceContext,
  pipeline: Environment[],
  next: Environment,
  release: Release,
) {
  if (ctx.actor.type !== "user" || (!next.approvals.length && !next.separateDuties)) return;
  const projectFacts = await loadProjectFacts(tx, pipeline);
  const duties = (await loadReleaseFacts(tx, [release])).get(release.id)?.duties ?? [];
  const refusal = approvalRefusal(
    next,
    { id: ctx.actor.id, teams: await teamsOf(tx, ctx.actor.id) },
    { teams: projectFacts.teams, duties, pipeline },
  );
  if (refusal) throw forbidden(refusal);
}

/** A business owner's go-live decision; the approval that completes the gate auto-promotes. */
export async function signOff({ ctx, input }: VerbArgs<SignOffInput>) {
  const data = parseInput(signOffInput, input);
  return writeTransaction(ctx, async (tx) => {
    const { project, pipeline } = await authorizedProject(ctx, tx, data.project, "signoff");
    const release = await findRelease(tx, project, data.version);
    if (release.state !== "active")
      throw conflict(`${release.version} is ${release.state}; there is nothing to sign off`);
    const next = nextEnvironment(pipeline, release.environmentId);
    if (!next) throw invalid(`${release.version} is already in the last environment`);
    if (next.slug !== data.environment) {
      throw conflict(
        `${release.version} is waiting to enter ${next.name}, not ${data.environment}: it has moved since`,
      );
    }
    // A sign-off where the policy asks for none would count for nothing, and a rejection
    // would block a release that needs nobody's decision.
    if (!needsSignoff(next)) throw invalid(`${next.name} needs no sign-off: its policy requires none`);
    await refuseIneligible(tx, ctx, pipeline, next, release);
    const now = clock(ctx);
    const row = (await first(
      tx
        .insert(signoffs)
        .values({
          releaseId: release.id,
          environmentId: next.id,
          decision: data.decision,
          comment: data.comment || null,
          ...actorColumnsOf(ctx.actor),
          createdAt: now,
        })
        .returning(),
    ))!;
    await recordAudit(
      tx,
      ctx.actor,
      {
        projectId: project.id,
        environmentId: next.id,
        releaseId: release.id,
        kind: "signoff.recorded",
        summary: `${ctx.actor.name} ${data.decision === "approve" ? "approved" : "rejected"} ${release.version} for ${next.name}${data.comment ? `: ${data.comment}` : ""}`,
        detail: {
          version: release.version,
          environment: next.slug,
          decision: data.decision,
          comment: data.comment ?? null,
        },
      },
      now,
    );
    if (data.decision === "reject")
      await announceRejection(tx, release, next, ctx.actor.name, data.comment || null, now);
    return { signoff: row, autoPromoted: await autoPromote(tx, project.id, now, [release.id]) };
  });
}
