import { first } from "../../db/client";
import { eq, inArray, and } from "drizzle-orm";
import { isDeepStrictEqual } from "node:util";
import type { Tx } from "../../db/client";
import { environments, freezeWindows, projects, releases, type Environment } from "../../db/schema";
import {
  pipelineFileSchema,
  type EnvironmentFile,
  type PipelineFile,
  type PipelineFileInput,
} from "../domain/pipeline-file";
import { invalid } from "../errors";
import { authorize, clock, parseInput, writeTransaction, type ServiceContext, type VerbArgs } from "./context";
import {
  recordAudit,
  autoPromote,
  loadPipeline,
  enforceCapacity,
  insertSigningSecret,
  exportPipeline,
  unknownTeams,
} from "../engine";

export type ApplyPipelineResult = { project: string; created: boolean; changed: boolean; autoPromoted: number };

function policyValues(env: EnvironmentFile, position: number) {
  return {
    name: env.name,
    position,
    autoPromote: env.autoPromote,
    requiredChecks: env.requiredChecks,
    requiredSignoffs: env.requiredSignoffs,
    minSoakMinutes: env.minSoakMinutes,
    manualTasks: env.manualTasks,
    capacity: env.capacity,
    deployTarget: env.deploy ?? null,
    deployTimeoutMinutes: env.deployTimeoutMinutes ?? null,
    signoffReminderHours: env.signoffReminderHours ?? null,
    promoters: env.promoters ?? [],
    approvals: env.approvals ?? [],
    separateDuties: env.separateDuties ?? false,
  };
}

async function writeFreezeWindows(tx: Tx, environmentId: number, env: EnvironmentFile) {
  await tx.delete(freezeWindows).where(eq(freezeWindows.environmentId, environmentId));
  for (const w of env.freezeWindows) {
    await tx
      .insert(freezeWindows)
      .values(
        "weekly" in w
          ? {
              environmentId,
              kind: "weekly",
              days: w.weekly,
              fromTime: w.from,
              toTime: w.to,
              timeZone: w.timeZone,
              reason: w.reason ?? null,
            }
          : {
              environmentId,
              kind: "once",
              startsAt: new Date(w.from),
              endsAt: new Date(w.to),
              reason: w.reason ?? null,
            },
      );
  }
}

/** Teams a policy names must exist; each unknown one is a field problem at its place in the file. */
async function refuseUnknownTeams(tx: Tx, file: PipelineFile) {
  const named = file.environments.flatMap((env, i) => [
    ...(env.promoters ?? []).map((team, j) => ({ team, path: `environments.${i}.promoters.${j}` })),
    ...(env.approvals ?? []).map((rule, j) => ({ team: rule.team, path: `environments.${i}.approvals.${j}.team` })),
  ]);
  const unknown = new Set(
    await unknownTeams(
      tx,
      named.map((n) => n.team),
    ),
  );
  const problems = named
    .filter((n) => unknown.has(n.team))
    .map((n) => ({ path: n.path, message: `no team "${n.team}" (create it with releaseboard team create)` }));
  if (problems.length === 0) return;
  const first = problems[0]!;
  throw invalid(
    problems.length === 1
      ? `${first.path}: ${first.message}`
      : `${problems.length} problems, first: ${first.path}: ${first.message}`,
    problems,
  );
}

/** `notifications: { chat: [] }` says the same as leaving it out, and exports as the latter. */
function withoutEmptyNotifications(file: PipelineFile): PipelineFile {
  if (file.notifications && file.notifications.chat.length === 0) {
    const { notifications: _none, ...rest } = file;
    return rest;
  }
  return file;
}

/**
 * Creates or updates a project, its environments and their policies from a pipeline file
 * (README: Command line). Idempotent: applying the same file twice changes nothing. An environment
 * left out of the file is removed, unless releases are in it.
 */
export async function applyPipeline({ ctx, input }: VerbArgs<PipelineFileInput>): Promise<ApplyPipelineResult> {
  const file = parseInput(pipelineFileSchema, input);
  return writeTransaction(ctx, (tx) => {
    authorize(ctx, "pipeline.edit");
    return applyPipelineIn(tx, ctx, file);
  });
}

/**
 * The body of applyPipeline, for verbs that change a pipeline as part of their own
 * transaction (a new project, a preset). `what` names the change in the activity log.
 */
export async function applyPipelineIn(
  tx: Tx,
  ctx: ServiceContext,
  file: PipelineFile,
  what?: string,
): Promise<ApplyPipelineResult> {
  await refuseUnknownTeams(tx, file);
  const now = clock(ctx);
  let project = await first(tx.select().from(projects).where(eq(projects.slug, file.project)));
  const created = !project;
  if (!project) {
    project = (await first(
      tx.insert(projects).values({ slug: file.project, name: file.name, createdAt: now }).returning(),
    ))!;
    // Every project can receive signed webhooks, and sign what it sends, from the start.
    await insertSigningSecret(tx, project.id, now);
    await insertSigningSecret(tx, project.id, now, "outbound");
  }
  const before = await exportPipeline(tx, project, await loadPipeline(tx, project.id));
  // Compare in the file's own normal form so that a no-op apply writes nothing.
  const normalizedFile = {
    ...withoutEmptyNotifications(file),
    environments: file.environments.map(({ promoters, approvals, separateDuties, ...e }) => ({
      ...e,
      // Empty protections say the same as none, and export as none.
      ...(promoters?.length ? { promoters } : {}),
      ...(approvals?.length ? { approvals } : {}),
      ...(separateDuties ? { separateDuties } : {}),
      freezeWindows: e.freezeWindows.map((w) =>
        "weekly" in w ? w : { ...w, from: new Date(w.from).toISOString(), to: new Date(w.to).toISOString() },
      ),
    })),
  };
  if (!created && isDeepStrictEqual(before, normalizedFile)) {
    return { project: project.slug, created, changed: false, autoPromoted: 0 };
  }
  if (project.name !== file.name) await tx.update(projects).set({ name: file.name }).where(eq(projects.id, project.id));
  const chat = file.notifications?.chat ?? [];
  if (!isDeepStrictEqual(project.chatWebhooks, chat))
    await tx.update(projects).set({ chatWebhooks: chat }).where(eq(projects.id, project.id));

  const all: Environment[] = await tx.select().from(environments).where(eq(environments.projectId, project.id));
  const keep = new Set(file.environments.map((e) => e.slug));
  const dropped = all.filter((e) => !keep.has(e.slug) && !e.removedAt);
  if (dropped.length) {
    const occupied = await tx
      .select({ environmentId: releases.environmentId, version: releases.version })
      .from(releases)
      .where(
        and(
          inArray(
            releases.environmentId,
            dropped.map((e) => e.id),
          ),
          eq(releases.state, "active"),
        ),
      );
    const blocking = dropped.filter((e) => occupied.some((r) => r.environmentId === e.id));
    if (blocking.length) {
      throw invalid(
        blocking
          .map((e) => {
            const versions = occupied.filter((r) => r.environmentId === e.id).map((r) => r.version);
            return `cannot remove environment ${e.slug}: it holds ${versions.length} release${versions.length === 1 ? "" : "s"} (${versions.slice(0, 5).join(", ")})`;
          })
          .join("; "),
        blocking.map((e) => ({ path: "environments", message: `${e.slug} holds releases` })),
      );
    }
    for (const e of dropped) await tx.update(environments).set({ removedAt: now }).where(eq(environments.id, e.id));
  }
  for (const [position, env] of file.environments.entries()) {
    const existing = all.find((e) => e.slug === env.slug);
    const id = existing
      ? (await first(
          tx
            .update(environments)
            .set({ ...policyValues(env, position), removedAt: null })
            .where(eq(environments.id, existing.id))
            .returning(),
        ))!.id
      : (await first(
          tx
            .insert(environments)
            .values({ projectId: project.id, slug: env.slug, ...policyValues(env, position), createdAt: now })
            .returning(),
        ))!.id;
    await writeFreezeWindows(tx, id, env);
  }
  await recordAudit(
    tx,
    ctx.actor,
    {
      projectId: project.id,
      kind: created ? "project.changed" : "pipeline.changed",
      summary: created
        ? `${ctx.actor.name} created ${file.name} with ${file.environments.map((e) => e.name).join(" → ")}`
        : `${ctx.actor.name} ${what ?? "changed the pipeline"} of ${file.name}`,
      detail: { before: created ? null : before, after: normalizedFile },
    },
    now,
  );
  if (!created) {
    // A lowered capacity applies at once: the oldest releases beyond it are superseded.
    const pipeline = await loadPipeline(tx, project.id);
    for (const environment of pipeline) {
      await enforceCapacity(tx, environment, pipeline, now, undefined, `capacity of ${environment.name} lowered`);
    }
  }
  const promoted = created ? [] : await autoPromote(tx, project.id, now);
  return { project: project.slug, created, changed: true, autoPromoted: promoted.length };
}
