import { z } from "zod";
import { eq } from "drizzle-orm";
import { releases } from "../../db/schema";
import { conflict } from "../errors";
import { authorize, clock, parseInput, writeTransaction, type VerbArgs } from "./context";
import { releaseRefSchema, slugSchema } from "../domain/schemas";
import { recordAudit, autoPromoteAfterMove, findProject, findRelease, loadPipeline } from "../engine";

export const releaseHoldInput = releaseRefSchema.extend({
  /** Where the caller saw the held release: a hold placed since, elsewhere, is not theirs to release. */
  from: slugSchema.optional(),
});
export type ReleaseHoldInput = z.input<typeof releaseHoldInput>;

/**
 * Ends the hold a rollback put on a release, so auto-promotion may move it again; if its
 * gates already hold, it moves on in the same transaction.
 */
export async function releaseHold({ ctx, input }: VerbArgs<ReleaseHoldInput>) {
  const data = parseInput(releaseHoldInput, input);
  return writeTransaction(ctx, async (tx) => {
    const project = await findProject(tx, data.project);
    authorize(ctx, "release.move", project.id);
    const release = await findRelease(tx, project, data.version);
    if (!release.heldAt || release.state !== "active") throw conflict(`${release.version} is not held`);
    const here = (await loadPipeline(tx, project.id)).find((e) => e.id === release.environmentId);
    if (data.from !== undefined && data.from !== here?.slug)
      throw conflict(`${release.version} is no longer in ${data.from}: it is held in ${here?.name} now`);
    const now = clock(ctx);
    await tx
      .update(releases)
      .set({ heldAt: null, heldByName: null, heldReason: null })
      .where(eq(releases.id, release.id));
    await recordAudit(
      tx,
      ctx.actor,
      {
        projectId: project.id,
        environmentId: release.environmentId,
        releaseId: release.id,
        kind: "release.hold_released",
        summary: `${ctx.actor.name} released the hold on ${release.version} (held by ${release.heldByName})`,
        detail: {
          version: release.version,
          heldBy: release.heldByName,
          heldReason: release.heldReason,
          heldAt: release.heldAt.toISOString(),
        },
      },
      now,
    );
    return { autoPromoted: await autoPromoteAfterMove(tx, project.id, now, release.id) };
  });
}
