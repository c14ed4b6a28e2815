import { first } from "../../db/client";
import { z } from "zod";
import { environmentLocks } from "../../db/schema";
import { conflict } from "../errors";
import { clock, parseInput, writeTransaction, type VerbArgs, actorColumnsOf, authorizedProject } from "./context";
import { reasonSchema, slugSchema } from "../domain/schemas";
import { recordAudit, loadProjectFacts, findEnvironment } from "../engine";

export const lockEnvironmentInput = z.object({ project: slugSchema, environment: slugSchema, reason: reasonSchema });
export type LockEnvironmentInput = z.input<typeof lockEnvironmentInput>;

/** Puts a hold on an environment: nothing is promoted into it until it is unlocked. */
export async function lockEnvironment({ ctx, input }: VerbArgs<LockEnvironmentInput>) {
  const data = parseInput(lockEnvironmentInput, input);
  return writeTransaction(ctx, async (tx) => {
    const { project, pipeline } = await authorizedProject(ctx, tx, data.project, "environment.lock");
    const environment = findEnvironment(pipeline, data.environment, project);
    const existing = (await loadProjectFacts(tx, [environment])).locks[0];
    if (existing) throw conflict(`${environment.name} is already locked by ${existing.actorName}: ${existing.reason}`);
    const now = clock(ctx);
    const lock = (await first(
      tx
        .insert(environmentLocks)
        .values({ environmentId: environment.id, reason: data.reason, ...actorColumnsOf(ctx.actor), createdAt: now })
        .returning(),
    ))!;
    await recordAudit(
      tx,
      ctx.actor,
      {
        projectId: project.id,
        environmentId: environment.id,
        kind: "environment.locked",
        summary: `${ctx.actor.name} locked ${environment.name}: ${data.reason}`,
        detail: { environment: environment.slug, reason: data.reason },
      },
      now,
    );
    return lock;
  });
}
