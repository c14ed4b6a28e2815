import { first } from "../../db/client";
import { z } from "zod";
import { and, eq, isNull } from "drizzle-orm";
import { environmentLocks } from "../../db/schema";
import { conflict } from "../errors";
import { clock, parseInput, writeTransaction, type VerbArgs, authorizedProject } from "./context";
import { slugSchema } from "../domain/schemas";
import { recordAudit, autoPromote, findEnvironment } from "../engine";

export const unlockEnvironmentInput = z.object({ project: slugSchema, environment: slugSchema });
export type UnlockEnvironmentInput = z.input<typeof unlockEnvironmentInput>;

/** Lifts the hold on an environment and lets waiting releases auto-promote into it. */
export async function unlockEnvironment({ ctx, input }: VerbArgs<UnlockEnvironmentInput>) {
  const data = parseInput(unlockEnvironmentInput, input);
  return writeTransaction(ctx, async (tx) => {
    const { project, pipeline } = await authorizedProject(ctx, tx, data.project, "environment.lock");
    const environment = findEnvironment(pipeline, data.environment, project);
    const now = clock(ctx);
    const lifted = (await first(
      tx
        .update(environmentLocks)
        .set({ unlockedAt: now, unlockedByName: ctx.actor.name })
        .where(and(eq(environmentLocks.environmentId, environment.id), isNull(environmentLocks.unlockedAt)))
        .returning(),
    ))!;
    if (!lifted) throw conflict(`${environment.name} is not locked`);
    await recordAudit(
      tx,
      ctx.actor,
      {
        projectId: project.id,
        environmentId: environment.id,
        kind: "environment.unlocked",
        summary: `${ctx.actor.name} unlocked ${environment.name}`,
        detail: { environment: environment.slug, lockReason: lifted.reason },
      },
      now,
    );
    return { lock: lifted, autoPromoted: await autoPromote(tx, project.id, now) };
  });
}
