import { first } from "../../db/client";
import { z } from "zod";
import { reportedCheckNameSchema } from "../domain/names";
import { and, desc, eq, sql } from "drizzle-orm";
import { placeholdersFor, preparedQuery } from "../../db/client";
import { checkResults, releases, testCaseFailures } from "../../db/schema";
import { checkStatuses } from "../domain/statuses";
import { maxFailingCases } from "../domain/test-report";
import { clock, parseInput, writeTransaction, type VerbArgs, actorColumnsOf, authorizedProject } from "./context";
import { httpUrlSchema, slugSchema, versionSchema } from "../domain/schemas";
import { recordAudit, autoPromote, findEnvironment, findRelease } from "../engine";
import { isStale, recordedPosition } from "../domain/replay";

/** Where a CI event stands in its run (server/domain/replay.ts); webhooks give it, the results API does not. */
export const runPositionSchema = z.object({
  key: z.string().min(1).max(300),
  attempt: z.number().int().min(0),
  at: z.date().nullable(),
});

export { maxFailingCases };

const count = z.number().int().min(0).max(100_000_000).optional();

export const recordCheckResultInput = z.object({
  project: slugSchema,
  version: versionSchema,
  environment: slugSchema,
  check: reportedCheckNameSchema,
  status: z.enum(checkStatuses, { error: `must be one of ${checkStatuses.join(", ")}` }),
  summary: z.string().max(10_000).optional(),
  url: httpUrlSchema.optional(),
  tests: count,
  failures: count,
  errors: count,
  skipped: count,
  durationMs: count,
  failingCases: z
    .array(
      z.object({
        name: z.string().min(1).max(1000),
        className: z.string().max(1000).optional(),
        kind: z.enum(["failure", "error"]),
        message: z.string().max(4000).optional(),
        details: z.string().max(4000).optional(),
      }),
    )
    .max(maxFailingCases)
    .optional(),
  run: runPositionSchema.optional(),
});
export type RecordCheckResultInput = z.input<typeof recordCheckResultInput>;

/** Records one check's outcome and auto-promotes the release if that completes its gates. */
const resultColumns = [
  "releaseId",
  "environmentId",
  "checkName",
  "status",
  "tests",
  "failures",
  "errors",
  "skipped",
  "durationMs",
  "summary",
  "url",
  "runKey",
  "runAttempt",
  "eventAt",
  "actorType",
  "actorId",
  "actorName",
  "createdAt",
] as const;
const insertResult = preparedQuery((db) =>
  db.insert(checkResults).values(placeholdersFor(checkResults, resultColumns)).returning().prepare(),
);

/** The latest result recorded for one check of a release from one CI run, in any environment. */
const latestOfRun = preparedQuery((db) =>
  db
    .select()
    .from(checkResults)
    .where(
      and(
        eq(checkResults.runKey, sql.placeholder("runKey")),
        eq(checkResults.releaseId, sql.placeholder("releaseId")),
        eq(checkResults.checkName, sql.placeholder("checkName")),
      ),
    )
    .orderBy(desc(checkResults.id))
    .limit(1)
    .prepare(),
);

export async function recordCheckResult({ ctx, input }: VerbArgs<RecordCheckResultInput>) {
  const data = parseInput(recordCheckResultInput, input);
  return writeTransaction(ctx, async (tx) => {
    const { project, pipeline } = await authorizedProject(ctx, tx, data.project, "check.record");
    const environment = findEnvironment(pipeline, data.environment, project);
    const release = await findRelease(tx, project, data.version);
    const now = clock(ctx);
    if (data.run) {
      // A replayed or late event of a run never overrides a newer one of the same run.
      const recorded = await first(
        await latestOfRun(tx).execute({ runKey: data.run.key, releaseId: release.id, checkName: data.check }),
      );
      if (recorded && isStale(recordedPosition(recorded), data.run)) {
        const where = pipeline.find((e) => e.id === release.environmentId);
        return {
          stale: true as const,
          result: recorded,
          checkEnvironment: pipeline.find((e) => e.id === recorded.environmentId)?.slug ?? environment.slug,
          release,
          environment: where?.slug ?? null,
          autoPromoted: [],
        };
      }
    }
    const result = (await first(
      await insertResult(tx).execute({
        releaseId: release.id,
        environmentId: environment.id,
        checkName: data.check,
        status: data.status,
        tests: data.tests ?? null,
        failures: data.failures ?? null,
        errors: data.errors ?? null,
        skipped: data.skipped ?? null,
        durationMs: data.durationMs ?? null,
        summary: data.summary ?? null,
        url: data.url ?? null,
        runKey: data.run?.key ?? null,
        runAttempt: data.run?.attempt ?? null,
        eventAt: data.run?.at?.getTime() ?? null,
        ...actorColumnsOf(ctx.actor),
        createdAt: now,
      }),
    ))!;
    if (data.failingCases?.length) {
      await tx
        .insert(testCaseFailures)
        .values(
          data.failingCases.map((c) => ({
            checkResultId: result.id,
            name: c.name,
            className: c.className ?? null,
            kind: c.kind,
            message: c.message ?? null,
            details: c.details ?? null,
          })),
        );
    }
    await recordAudit(
      tx,
      ctx.actor,
      {
        projectId: project.id,
        environmentId: environment.id,
        releaseId: release.id,
        kind: "check.recorded",
        summary: `check ${data.check} ${data.status} for ${release.version} in ${environment.name}`,
        detail: { version: release.version, environment: environment.slug, check: data.check, status: data.status },
      },
      now,
    );
    const autoPromoted =
      release.state === "active" ? await autoPromote(tx, project.id, now, [release.id], pipeline) : [];
    const after = autoPromoted.length
      ? (await first(tx.select().from(releases).where(eq(releases.id, release.id))))!
      : release;
    const where = pipeline.find((e) => e.id === after.environmentId);
    return {
      stale: false as const,
      result,
      checkEnvironment: environment.slug,
      release: after,
      environment: where?.slug ?? null,
      autoPromoted,
    };
  });
}
