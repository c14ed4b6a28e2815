import { z } from "zod";
import type { Db } from "../../db/client";
import type { CheckStatus } from "../../db/schema";
import { getReleaseDetail } from "../queries/release-detail";
import { createRelease } from "../services/create-release";
import { moveRelease } from "../services/move-release";
import { schedulePromotion } from "../services/schedule-promotion";
import { recordCheckResult } from "../services/record-check-result";
import { reportDeployment } from "../services/report-deployment";
import { fromGitHubDeploymentState, fromGitLabDeploymentStatus, type DeploymentReportStatus } from "../domain/deploy";
import { authorize, unparsed } from "../services/context";
import type { ApiAnswer } from "../services/api-call";
import { forbidden, invalid, invalidFromIssues, payloadTooLarge, unsupportedMediaType } from "../errors";
import { loadPipeline, releaseByCommit } from "../engine";
import { mediaTypeOf, serveApi, type ApiCall, type Endpoint } from "./api";
import { jsonLimit, junitLimit, parseJson, sizeLabel } from "./read-body";
import { parseReport, reportKindOf } from "./reports/parse-report";
import { parseReportOffThread } from "./reports/report-pool";
import type { ReportSummary } from "../domain/test-report";

type ApiResult = ApiAnswer;

function requireJson(call: ApiCall) {
  if (mediaTypeOf(call.contentType) !== "application/json") {
    throw unsupportedMediaType(
      `Send application/json, or a JUnit or TRX report as application/xml or text/xml (got ${call.contentType ?? "no Content-Type"})`,
    );
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function asObject(value: unknown): Record<string, unknown> {
  if (!isObject(value)) throw invalid("The body must be a JSON object");
  return value;
}

/** The request's JSON object body with the path's project (and release) added: a verb's input, for it to parse. */
function bodyInput(call: ApiCall, withVersion: boolean) {
  requireJson(call);
  const body = asObject(parseJson(call.raw));
  return {
    body,
    input: unparsed({ ...body, project: call.project.slug, ...(withVersion ? { version: call.version } : {}) }),
  };
}

const ctxOf = (call: ApiCall) => ({ db: call.db, actor: call.actor });

function where(call: ApiCall, environmentId: number) {
  return loadPipeline(call.db, call.project.id).find((e) => e.id === environmentId)?.slug ?? null;
}

function createReleaseCall(call: ApiCall): ApiResult {
  const result = createRelease({ ctx: ctxOf(call), input: bodyInput(call, false).input });
  return {
    status: result.created ? 201 : 200,
    body: {
      version: result.release.version,
      commitSha: result.release.commitSha,
      created: result.created,
      state: result.release.state,
      environment: where(call, result.release.environmentId),
      autoPromoted: result.autoPromoted.map(({ from, to }) => ({ from, to })),
    },
  };
}

function readReleaseCall(call: ApiCall): ApiResult {
  authorize(ctxOf(call), "read", call.project.id);
  const d = getReleaseDetail(call.db, call.project.slug, call.version);
  const slugOf = (id: number | null) => d.pipeline.find((e) => e.id === id)?.slug ?? null;
  return {
    status: 200,
    body: {
      version: d.release.version,
      commitSha: d.release.commitSha,
      state: d.release.state,
      environment: slugOf(d.release.environmentId),
      held: d.held ? { by: d.held.by, reason: d.held.reason, at: d.held.at } : null,
      schedule: d.schedule ? { at: d.schedule.at, to: d.schedule.to, by: d.schedule.by } : null,
      scheduleFailure: d.scheduleFailure
        ? {
            at: d.scheduleFailure.at,
            to: d.scheduleFailure.to,
            by: d.scheduleFailure.by,
            reason: d.scheduleFailure.reason,
          }
        : null,
      next: d.next
        ? {
            environment: d.next.environment,
            ready: d.next.allMet,
            gates: d.next.items.map((i) => ({
              gate: i.gate,
              subject: i.subject,
              met: i.met,
              reason: i.reason,
              clearedBy: i.clearedBy,
              clearsAt: i.clearsAt,
            })),
          }
        : null,
      checks: d.latestResults.map((r) => ({
        environment: slugOf(r.environmentId),
        check: r.checkName,
        status: r.status,
        summary: r.summary,
        url: r.url,
        ...countsOf(r),
        at: r.createdAt,
      })),
      signoffs: d.signoffs.map((s) => ({
        environment: slugOf(s.environmentId),
        by: s.actorName,
        decision: s.decision,
        comment: s.comment,
        at: s.createdAt,
      })),
      deployments: d.deployments.map((x) => ({
        environment: x.environmentSlug,
        status: x.status,
        url: x.url,
        description: x.description,
        requestedAt: x.requestedAt,
        at: x.statusAt,
      })),
    },
  };
}

/** Result counts as numbers (null when the result was plain JSON without them). */
function countsOf(r: {
  tests: number | null;
  failures: number | null;
  errors: number | null;
  skipped: number | null;
  durationMs: number | null;
}) {
  return { tests: r.tests, failures: r.failures, errors: r.errors, skipped: r.skipped, durationMs: r.durationMs };
}

function resultResponse(result: ReturnType<typeof recordCheckResult>): ApiResult {
  return {
    status: 201,
    body: {
      check: result.result.checkName,
      status: result.result.status,
      summary: result.result.summary,
      ...countsOf(result.result),
      environment: result.checkEnvironment,
      release: { version: result.release.version, environment: result.environment, state: result.release.state },
      autoPromoted: result.autoPromoted.length > 0,
      promotedTo: result.autoPromoted.at(-1)?.to ?? null,
    },
  };
}

function recordResultCall(call: ApiCall): ApiResult {
  const kind = reportKindOf(call.raw, mediaTypeOf(call.contentType));
  if (!kind) return resultResponse(recordCheckResult({ ctx: ctxOf(call), input: bodyInput(call, true).input }));
  const environment = call.query.get("environment");
  const check = call.query.get("check");
  if (!environment || !check) {
    throw invalid("A test report needs ?environment=…&check=… in the URL", [
      ...(environment ? [] : [{ path: "environment", message: "query parameter is required" }]),
      ...(check ? [] : [{ path: "check", message: "query parameter is required" }]),
    ]);
  }
  // Parsed on a worker thread before the transaction (`prepare`); here only if that did not run.
  const report = (call.prepared as ReportSummary | undefined) ?? parseReport(call.raw, kind);
  const result = recordCheckResult({
    ctx: ctxOf(call),
    input: {
      project: call.project.slug,
      version: call.version,
      environment,
      check,
      status: report.status,
      summary: report.summary,
      url: call.query.get("url") ?? undefined,
      tests: report.tests,
      failures: report.failures,
      errors: report.errors,
      skipped: report.skipped,
      durationMs: report.durationMs ?? undefined,
      failingCases: report.failingCases,
    },
  });
  return resultResponse(result);
}

function promoteCall(call: ApiCall): ApiResult {
  requireJson(call);
  if (call.actor.type === "token" && call.actor.scope !== "promote")
    throw forbidden("This token has the report scope; moving releases needs a token with --scope promote");
  const { body, input } = bodyInput(call, true);
  if (body.at !== undefined) {
    // "at": a promotion for later, tried then with its gates, as this token.
    const schedule = schedulePromotion({ ctx: ctxOf(call), input });
    return {
      status: 202,
      body: {
        schedule: {
          at: schedule.runAt,
          to: body.to,
          from: where(call, schedule.fromEnvironmentId),
          by: schedule.actorName,
          state: schedule.state,
        },
      },
    };
  }
  const moved = moveRelease({ ctx: ctxOf(call), input });
  return {
    status: 200,
    body: {
      transition: {
        kind: moved.transition.kind,
        from: moved.transition.fromEnvironmentId === null ? null : where(call, moved.transition.fromEnvironmentId),
        to: moved.transition.toEnvironmentId === null ? null : where(call, moved.transition.toEnvironmentId),
        reason: moved.transition.reason,
        overriddenGates: moved.transition.overriddenGates,
        at: moved.transition.createdAt,
      },
      release: {
        version: moved.release.version,
        environment: where(call, moved.release.environmentId),
        state: moved.release.state,
      },
      autoPromoted: moved.autoPromoted.map(({ from, to }) => ({ from, to })),
    },
  };
}

const ignored = (event: string, reason: string): ApiResult => ({
  status: 202,
  outcome: "ignored",
  event,
  body: { ignored: true, reason },
});

/** Records a CI system's outcome for the release built from `sha`, or says why it was ignored. */
function recordForCommit(
  call: ApiCall,
  sha: string,
  check: string,
  status: CheckStatus,
  url: string | undefined,
  event: string,
): ApiResult {
  const release = releaseByCommit(call.db, call.project.id, sha);
  if (!release) return ignored(event, `No release of ${call.project.slug} has commit ${sha}`);
  const environment = call.query.get("environment") ?? where(call, release.environmentId);
  if (!environment) return ignored(event, `${release.version} is not in an environment`);
  const result = recordCheckResult({
    ctx: ctxOf(call),
    // GitHub and GitLab name runs freely ("Build and test"); spaces become dashes so the
    // name fits the rule for check names (server/domain/names.ts).
    input: {
      project: call.project.slug,
      version: release.version,
      environment,
      check: check.trim().replace(/\s+/g, "-").slice(0, 100),
      status,
      url,
    },
  });
  return { ...resultResponse(result), event };
}

const githubConclusion = (conclusion: string | null | undefined): CheckStatus =>
  conclusion === "success"
    ? "passed"
    : conclusion === "failure" || conclusion === "timed_out"
      ? "failed"
      : conclusion === "cancelled"
        ? "cancelled"
        : "skipped";

const githubPayload = z.object({
  action: z.string().optional(),
  workflow_run: z
    .object({
      name: z.string().nullish(),
      path: z.string().optional(),
      head_sha: z.string(),
      conclusion: z.string().nullish(),
      html_url: z.string().optional(),
    })
    .optional(),
  check_suite: z
    .object({ head_sha: z.string(), conclusion: z.string().nullish(), app: z.object({ name: z.string() }).optional() })
    .optional(),
  check_run: z
    .object({
      name: z.string(),
      head_sha: z.string(),
      conclusion: z.string().nullish(),
      html_url: z.string().optional(),
    })
    .optional(),
});

/** A webhook payload of the kind `schema` describes, or INVALID naming its first problem. */
function payloadOf<S extends z.ZodType>(call: ApiCall, schema: S, what: string): z.output<S> {
  const parsed = schema.safeParse(parseJson(call.raw));
  if (!parsed.success) throw invalidFromIssues(parsed.error.issues, `Not a ${what}`);
  return parsed.data;
}

/**
 * A workflow's name, or when it has none (GitHub's own examples send "") the file name
 * from its path: ".github/workflows/ci.yml" is check "ci.yml".
 */
function workflowName(run: { name?: string | null; path?: string }): string {
  if (run.name?.trim()) return run.name;
  const file = run.path?.split("@")[0]?.split("/").at(-1);
  if (!file) throw invalid("The workflow_run has neither a name nor a path to name its check by");
  return file;
}

function githubCall(call: ApiCall): ApiResult {
  const event = call.githubEvent ?? "";
  if (event === "ping") return { status: 200, event, body: { ok: true, message: "Releaseboard is listening" } };
  if (event === "deployment_status") return githubDeploymentReport(call, event);
  if (!["workflow_run", "check_suite", "check_run"].includes(event))
    return ignored(event, `Event ${event || "(none)"} is not used`);
  const payload = payloadOf(call, githubPayload, `GitHub ${event} payload`);
  if (payload.action !== "completed") return ignored(event, `Action ${payload.action} is not used; only completed`);
  const run =
    event === "workflow_run"
      ? payload.workflow_run && {
          name: workflowName(payload.workflow_run),
          sha: payload.workflow_run.head_sha,
          conclusion: payload.workflow_run.conclusion,
          url: payload.workflow_run.html_url,
        }
      : event === "check_suite"
        ? payload.check_suite && {
            name: payload.check_suite.app?.name ?? "check-suite",
            sha: payload.check_suite.head_sha,
            conclusion: payload.check_suite.conclusion,
            url: undefined,
          }
        : payload.check_run && {
            name: payload.check_run.name,
            sha: payload.check_run.head_sha,
            conclusion: payload.check_run.conclusion,
            url: payload.check_run.html_url,
          };
  if (!run) throw invalid(`The ${event} payload has no ${event} object`);
  return recordForCommit(
    call,
    run.sha,
    run.name,
    githubConclusion(run.conclusion),
    run.url?.startsWith("https://") ? run.url : undefined,
    event,
  );
}

const gitlabStatus: Record<string, CheckStatus> = {
  success: "passed",
  failed: "failed",
  canceled: "cancelled",
  skipped: "skipped",
  running: "running",
};

const gitlabPayload = z.object({
  object_kind: z.string(),
  object_attributes: z
    .object({ status: z.string(), sha: z.string(), name: z.string().nullish(), url: z.string().optional() })
    .optional(),
  build_status: z.string().optional(),
  build_name: z.string().optional(),
  sha: z.string().optional(),
});

function gitlabCall(call: ApiCall): ApiResult {
  const payload = payloadOf(call, gitlabPayload, "GitLab event payload");
  const event = payload.object_kind;
  if (event === "deployment") return gitlabDeploymentReport(call);
  const found =
    event === "pipeline" && payload.object_attributes
      ? {
          sha: payload.object_attributes.sha,
          name: payload.object_attributes.name || "pipeline",
          status: payload.object_attributes.status,
          url: payload.object_attributes.url,
        }
      : event === "build" && payload.sha && payload.build_name && payload.build_status
        ? { sha: payload.sha, name: payload.build_name, status: payload.build_status, url: undefined }
        : null;
  if (!found) return ignored(event, `Event ${event} is not used`);
  const status = gitlabStatus[found.status];
  if (!status) return ignored(event, `Status ${found.status} is not recorded`);
  return recordForCommit(
    call,
    found.sha,
    found.name,
    status,
    found.url?.startsWith("https://") ? found.url : undefined,
    event,
  );
}

function deploymentResponse(call: ApiCall, reported: ReturnType<typeof reportDeployment>, event?: string): ApiResult {
  const d = reported.deployment;
  return {
    status: 200,
    event,
    body: {
      deployment: {
        environment: where(call, d.environmentId),
        status: d.status,
        url: d.url,
        description: d.description,
        requestedAt: d.requestedAt,
        at: d.statusAt,
      },
      release: { version: reported.release.version, environment: reported.environment, state: reported.release.state },
      autoPromoted: reported.autoPromoted.map(({ from, to }) => ({ from, to })),
    },
  };
}

function reportDeploymentCall(call: ApiCall): ApiResult {
  return deploymentResponse(call, reportDeployment({ ctx: ctxOf(call), input: bodyInput(call, true).input }));
}

/**
 * A deploy report from GitHub or GitLab for the release built from `sha`, into the
 * environment named by ?environment= or else by the event (its slug or its name).
 */
function reportForCommit(
  call: ApiCall,
  found: {
    sha: string;
    environment: string;
    status: DeploymentReportStatus | null;
    rawStatus: string;
    url?: string;
    description?: string;
  },
  event: string,
): ApiResult {
  if (!found.status) return ignored(event, `Deployment state ${found.rawStatus} is not recorded`);
  const release = releaseByCommit(call.db, call.project.id, found.sha, { prefix: true });
  if (!release) return ignored(event, `No release of ${call.project.slug} has commit ${found.sha}`);
  const named = call.query.get("environment") ?? found.environment;
  const pipeline = loadPipeline(call.db, call.project.id);
  const environment =
    pipeline.find((e) => e.slug === named) ??
    pipeline.find((e) => e.name.toLowerCase() === named.toLowerCase() || e.slug === named.toLowerCase());
  if (!environment)
    return ignored(
      event,
      `No environment "${named}" in ${call.project.slug}'s pipeline (set ?environment= on the webhook URL to map it)`,
    );
  const reported = reportDeployment({
    ctx: ctxOf(call),
    input: {
      project: call.project.slug,
      version: release.version,
      environment: environment.slug,
      status: found.status,
      url: found.url?.startsWith("https://") ? found.url.slice(0, 2000) : undefined,
      description: found.description?.slice(0, 2000) || undefined,
    },
  });
  return deploymentResponse(call, reported, event);
}

const githubDeploymentStatus = z.object({
  deployment_status: z.object({
    state: z.string(),
    environment: z.string().optional(),
    description: z.string().nullish(),
    target_url: z.string().nullish(),
    log_url: z.string().nullish(),
    environment_url: z.string().nullish(),
  }),
  deployment: z.object({ sha: z.string(), environment: z.string() }),
});

function githubDeploymentReport(call: ApiCall, event: string): ApiResult {
  const { deployment_status: status, deployment } = payloadOf(
    call,
    githubDeploymentStatus,
    "GitHub deployment_status payload",
  );
  return reportForCommit(
    call,
    {
      sha: deployment.sha,
      environment: status.environment ?? deployment.environment,
      status: fromGitHubDeploymentState(status.state),
      rawStatus: status.state,
      url: status.log_url ?? status.target_url ?? status.environment_url ?? undefined,
      description: status.description ?? undefined,
    },
    event,
  );
}

const gitlabDeployment = z.object({
  status: z.string(),
  environment: z.string(),
  short_sha: z.string().optional(),
  commit_url: z.string().optional(),
  deployable_url: z.string().nullish(),
});

function gitlabDeploymentReport(call: ApiCall): ApiResult {
  const p = payloadOf(call, gitlabDeployment, "GitLab deployment event");
  // commit_url ends in the full SHA; short_sha is the fallback.
  const sha = /\/commit\/([0-9a-f]{40})$/i.exec(p.commit_url ?? "")?.[1] ?? p.short_sha;
  if (!sha) throw invalid("The deployment event has neither commit_url nor short_sha");
  return reportForCommit(
    call,
    {
      sha,
      environment: p.environment,
      status: fromGitLabDeploymentStatus(p.status),
      rawStatus: p.status,
      url: p.deployable_url ?? undefined,
    },
    "deployment",
  );
}

const json = () => jsonLimit;

/** A test report is parsed on a worker thread; a JSON result stays within the JSON limit. */
async function prepareResult(raw: Buffer, mediaType: string | null): Promise<ReportSummary | undefined> {
  const kind = reportKindOf(raw, mediaType);
  if (kind) return parseReportOffThread(raw, kind);
  if (raw.length > jsonLimit)
    throw payloadTooLarge(
      `A JSON result is limited to ${sizeLabel(jsonLimit)}; a Cucumber report (an array) to ${sizeLabel(junitLimit)}`,
    );
  return undefined;
}

/** The public API's endpoints (README: Connecting CI), by the name the delivery log files them under. */
export const endpoints = {
  "releases.create": {
    name: "releases.create",
    maxBytes: json,
    auth: "token-or-signature",
    resendable: true,
    handle: createReleaseCall,
  },
  "releases.get": {
    name: "releases.get",
    maxBytes: () => 0,
    auth: "token-or-signature",
    readOnly: true,
    handle: readReleaseCall,
  },
  "results.create": {
    name: "results.create",
    // A JSON body may be a Cucumber report (an array): report-sized, refused below if it is not one.
    maxBytes: (mediaType) =>
      ["application/xml", "text/xml", "application/json"].includes(mediaType ?? "") ? junitLimit : jsonLimit,
    auth: "token-or-signature",
    resendable: true,
    prepare: prepareResult,
    handle: recordResultCall,
  },
  "releases.promote": { name: "releases.promote", maxBytes: json, auth: "token", handle: promoteCall },
  "deployments.create": {
    name: "deployments.create",
    maxBytes: json,
    auth: "token-or-signature",
    resendable: true,
    handle: reportDeploymentCall,
  },
  "webhooks.github": { name: "webhooks.github", maxBytes: json, auth: "github", resendable: true, handle: githubCall },
  "webhooks.gitlab": { name: "webhooks.gitlab", maxBytes: json, auth: "gitlab", resendable: true, handle: gitlabCall },
} as const satisfies Record<string, Endpoint>;

// One function per endpoint, as the tests and the route table call them.
export const postRelease = (db: Db, request: Request, project: string) =>
  serveApi(db, request, endpoints["releases.create"], { project });
export const getRelease = (db: Db, request: Request, project: string, version: string) =>
  serveApi(db, request, endpoints["releases.get"], { project, version });
export const postResult = (db: Db, request: Request, project: string, version: string) =>
  serveApi(db, request, endpoints["results.create"], { project, version });
export const postPromote = (db: Db, request: Request, project: string, version: string) =>
  serveApi(db, request, endpoints["releases.promote"], { project, version });
export const postDeployment = (db: Db, request: Request, project: string, version: string) =>
  serveApi(db, request, endpoints["deployments.create"], { project, version });
export const postGitHub = (db: Db, request: Request, project: string) =>
  serveApi(db, request, endpoints["webhooks.github"], { project });
export const postGitLab = (db: Db, request: Request, project: string) =>
  serveApi(db, request, endpoints["webhooks.gitlab"], { project });
