import type { z } from "zod";
import { conflict } from "../errors";
import { authorize, clock, parseInput, writeTransaction, type VerbArgs } from "./context";
import { releaseRefSchema } from "../domain/schemas";
import { findProject, findRelease } from "../engine";
import { cancelPending } from "./schedule-promotion";

export const cancelScheduledPromotionInput = releaseRefSchema;
export type CancelScheduledPromotionInput = z.input<typeof cancelScheduledPromotionInput>;

/** Cancels a release's pending scheduled promotion; it stays in the history as cancelled. */
export async function cancelScheduledPromotion({ ctx, input }: VerbArgs<CancelScheduledPromotionInput>) {
  const data = parseInput(cancelScheduledPromotionInput, input);
  return writeTransaction(ctx, async (tx) => {
    const project = await findProject(tx, data.project);
    authorize(ctx, "release.move", project.id);
    const release = await findRelease(tx, project, data.version);
    const cancelled = await cancelPending(tx, ctx.actor, release, clock(ctx), "cancelled");
    if (!cancelled) throw conflict(`${release.version} has no scheduled promotion`);
    return cancelled;
  });
}
