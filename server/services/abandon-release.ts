import { z } from "zod";
import { conflict } from "../errors";
import { clock, parseInput, writeTransaction, type VerbArgs, authorizedProject } from "./context";
import { reasonSchema, slugSchema, versionSchema } from "../domain/schemas";
import { findRelease, applyMove, autoPromoteAfterMove } from "../engine";

export const abandonReleaseInput = z.object({
  project: slugSchema,
  version: versionSchema,
  from: slugSchema.optional(),
  reason: reasonSchema,
});
export type AbandonReleaseInput = z.input<typeof abandonReleaseInput>;

/** Takes a release off the board for good; its history stays. */
export async function abandonRelease({ ctx, input }: VerbArgs<AbandonReleaseInput>) {
  const data = parseInput(abandonReleaseInput, input);
  return writeTransaction(ctx, async (tx) => {
    const { project, pipeline } = await authorizedProject(ctx, tx, data.project, "release.abandon");
    const release = await findRelease(tx, project, data.version);
    const current = pipeline.find((e) => e.id === release.environmentId);
    if (release.state !== "active") throw conflict(`${release.version} is already ${release.state}`);
    if (data.from !== undefined && current?.slug !== data.from) {
      throw conflict(
        `${release.version} is no longer in ${data.from}: it is in ${current?.name ?? "a removed environment"} now`,
      );
    }
    const now = clock(ctx);
    const moved = await applyMove(tx, {
      release,
      to: null,
      kind: "abandon",
      actor: ctx.actor,
      reason: data.reason,
      pipeline,
      now,
    });
    await autoPromoteAfterMove(tx, project.id, now, release.id);
    return moved;
  });
}
