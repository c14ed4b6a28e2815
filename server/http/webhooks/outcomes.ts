import { z } from "zod";
import type { Release } from "../../../db/schema";
import type { CheckStatus } from "../../domain/statuses";
import { recordCheckResult } from "../../services/record-check-result";
import { reportDeployment } from "../../services/report-deployment";
import type { DeploymentReportStatus } from "../../domain/deploy";
import { invalidFromIssues } from "../../errors";
import { loadPipeline, releaseByCommit, releaseByRunNumber } from "../../engine";
import { checkNameMax, cleanCheckName } from "../../domain/names";
import { eventTime, type RunPosition } from "../../domain/replay";
import type { ApiCall } from "../api";
import { parseJson } from "../read-body";
import { ctxOf, where, type ApiResult } from "../resources/call";
import { resultResponse } from "../resources/results";
import { deploymentResponse } from "../resources/deployments";

/**
 * What every inbound source does with what its payload says: a check result or a deploy report
 * for the release built from a commit, an answer saying why it was ignored, or stale.
 */
export const ignored = (event: string, reason: string): ApiResult => ({
  status: 202,
  outcome: "ignored",
  event,
  note: reason,
  body: { ignored: true, reason },
});

/** An event older than what its run already reported: logged as stale, not taken as the state (README: Replays). */
export const staleAnswer = (event: string, what: string, recorded: string): ApiResult => {
  const reason = `stale: ${what} is not newer than the ${recorded} already recorded for the same run`;
  return { status: 202, outcome: "ignored", event, note: reason, body: { ignored: true, stale: true, reason } };
};

/**
 * What a payload says about the build it reports: its commit, or for runs without one (Azure's
 * run events) the run's number and branch, which name a release whose version is that number.
 */
export type BuiltFrom = {
  sha?: string | null;
  runNumber?: string | null;
  branch?: string | null;
  /** The release's version itself, where the sender names it (CDEvents' artifact). */
  version?: string | null;
};

const isSha = (sha: string | null | undefined): sha is string => !!sha && /^[0-9a-f]{4,64}$/i.test(sha);

/** The release a payload's build is, or why there is none (README: Connecting CI, "no release for this run"). */
async function releaseBuiltFrom(
  call: ApiCall,
  from: BuiltFrom,
  prefix = false,
): Promise<{ release: Release } | { reason: string }> {
  if (isSha(from.sha)) {
    const release = await releaseByCommit(call.db, call.project.id, from.sha, { prefix });
    return release ? { release } : { reason: `No release of ${call.project.slug} has commit ${from.sha}` };
  }
  const version = from.version?.trim().slice(0, 200);
  if (version) {
    const release = await releaseByRunNumber(call.db, call.project.id, { number: version });
    return release
      ? { release }
      : { reason: `No release for this run: ${call.project.slug} has no version ${version}` };
  }
  const number = from.runNumber?.trim();
  if (!number) return { reason: "No release for this run: it names no commit SHA" };
  const release = await releaseByRunNumber(call.db, call.project.id, { number, branch: from.branch });
  return release
    ? { release }
    : {
        reason: `No release for this run: it names no commit SHA, and no release of ${call.project.slug} has version ${number.slice(0, 100)}${from.branch ? ` on ${from.branch.slice(0, 100)}` : ""}`,
      };
}

/** Records a CI system's outcome for the release built from `sha` (or the run `built`), or says why it was ignored. */
export async function recordForCommit(
  call: ApiCall,
  built: string | null | undefined | BuiltFrom,
  check: string,
  status: CheckStatus,
  url: string | undefined,
  event: string,
  run?: RunPosition,
): Promise<ApiResult> {
  // A run without a commit (a manual build of HEAD) matches no release: accepted and logged.
  const found = await releaseBuiltFrom(call, typeof built === "object" && built !== null ? built : { sha: built });
  if ("reason" in found) return ignored(event, found.reason);
  const release = found.release;
  const environment = call.query.get("environment") ?? (await where(call, release.environmentId));
  if (!environment) return ignored(event, `${release.version} is not in an environment`);
  const result = await recordCheckResult({
    ctx: ctxOf(call),
    // The name as the CI shows it ("build (ubuntu-latest, 20.x)"), invisible characters
    // stripped and cut to the longest a check name may be (README: Names).
    input: {
      project: call.project.slug,
      version: release.version,
      environment,
      check: cleanCheckName(check).slice(0, checkNameMax),
      status,
      url,
      run,
    },
  });
  if (result.stale)
    return staleAnswer(event, `this ${status} result`, `${result.result.status} result (${result.result.checkName})`);
  return { ...resultResponse(result), event };
}

/** Where an event stands in its run, when the payload names the run (server/domain/replay.ts). */
export function runOf(
  system: string,
  id: number | string | undefined,
  attempt: number | undefined,
  at: string | null | undefined,
): RunPosition | undefined {
  return id === undefined ? undefined : { key: `${system}:${id}`, attempt: attempt ?? 1, at: eventTime(at) };
}

/** A webhook payload of the kind `schema` describes, or INVALID naming its first problem. */
export function payloadOf<S extends z.ZodType>(call: ApiCall, schema: S, what: string): z.output<S> {
  const parsed = schema.safeParse(parseJson(call.raw));
  if (!parsed.success) throw invalidFromIssues(parsed.error.issues, `Not a ${what}`);
  return parsed.data;
}

/**
 * A deploy report (GitHub, GitLab, CDEvents) for the release built from `sha`, into the
 * environment named by ?environment= or else by the event (its slug or its name).
 */
export async function reportForCommit(
  call: ApiCall,
  found: {
    /** The commit (a prefix will do, as GitLab's short_sha), or what else names the release. */
    sha: string | BuiltFrom;
    environment: string;
    status: DeploymentReportStatus | null;
    rawStatus: string;
    url?: string;
    description?: string;
    run?: RunPosition;
  },
  event: string,
): Promise<ApiResult> {
  if (!found.status) return ignored(event, `Deployment state ${found.rawStatus} is not recorded`);
  const located = await releaseBuiltFrom(call, typeof found.sha === "string" ? { sha: found.sha } : found.sha, true);
  if ("reason" in located) return ignored(event, located.reason);
  const release = located.release;
  const named = call.query.get("environment") ?? found.environment;
  const pipeline = await loadPipeline(call.db, call.project.id);
  const environment =
    pipeline.find((e) => e.slug === named) ??
    pipeline.find((e) => e.name.toLowerCase() === named.toLowerCase() || e.slug === named.toLowerCase());
  if (!environment)
    return ignored(
      event,
      `No environment "${named}" in ${call.project.slug}'s pipeline (set ?environment= on the webhook URL to map it)`,
    );
  const reported = await reportDeployment({
    ctx: ctxOf(call),
    input: {
      project: call.project.slug,
      version: release.version,
      environment: environment.slug,
      status: found.status,
      url: found.url?.startsWith("https://") ? found.url.slice(0, 2000) : undefined,
      description: found.description?.slice(0, 2000) || undefined,
      run: found.run,
    },
  });
  if (reported.stale) return staleAnswer(event, `this ${found.status} report`, `${reported.deployment.status} report`);
  return deploymentResponse(call, reported, event);
}
