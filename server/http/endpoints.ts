import { and, eq, like } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { releases, type CheckStatus } from "../../db/schema";
import { getReleaseDetail } from "../queries/release-detail";
import { createRelease } from "../services/create-release";
import { moveRelease } from "../services/move-release";
import { schedulePromotion } from "../services/schedule-promotion";
import { recordCheckResult } from "../services/record-check-result";
import { reportDeployment } from "../services/report-deployment";
import { fromGitHubDeploymentState, fromGitLabDeploymentStatus, type DeploymentReportStatus } from "../domain/deploy";
import { authorize } from "../services/context";
import { loadPipeline } from "../engine/lookup";
import { serveApi, unsupportedMediaType, type ApiCall, type ApiResult, type SentAgain } from "./api";
import { parseJUnitInSlices, type JUnitSummary } from "./junit";
import { refuse } from "./problem";
import { jsonLimit, junitLimit, parseJson } from "./read-body";

const mediaType = (request: Request) => request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? null;

function requireJson(request: Request) {
  if (mediaType(request) !== "application/json") throw unsupportedMediaType(request.headers.get("content-type"));
}

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw refuse(422, "The body must be a JSON object");
  return value as Record<string, unknown>;
}

const ctxOf = (call: ApiCall) => ({ db: call.db, actor: call.actor });

function where(call: ApiCall, environmentId: number) {
  return loadPipeline(call.db, call.project.id).find((e) => e.id === environmentId)?.slug ?? null;
}

export function postRelease(db: Db, request: Request, projectSlug: string, sentAgain?: SentAgain) {
  return serveApi(db, request, { name: "releases.create", projectSlug, maxBytes: jsonLimit, auth: "token-or-signature" }, (call) => {
    requireJson(request);
    const body = asObject(parseJson(call.raw));
    const result = createRelease({ ctx: ctxOf(call), input: { ...body, project: projectSlug } as never });
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
  }, sentAgain);
}

export function getRelease(db: Db, request: Request, projectSlug: string, version: string) {
  return serveApi(db, request, { name: "releases.get", projectSlug, maxBytes: 0, auth: "token-or-signature", readOnly: true }, (call) => {
    authorize(ctxOf(call), "read", call.project.id);
    const d = getReleaseDetail(call.db, projectSlug, version);
    const latest = new Map<string, (typeof d.results)[number]>();
    for (const r of d.results) if (!latest.has(`${r.environmentId}:${r.checkName}`)) latest.set(`${r.environmentId}:${r.checkName}`, r);
    return {
      status: 200,
      body: {
        version: d.release.version,
        commitSha: d.release.commitSha,
        state: d.release.state,
        environment: d.pipeline.find((e) => e.id === d.release.environmentId)?.slug ?? null,
        held: d.held ? { by: d.held.by, reason: d.held.reason, at: d.held.at } : null,
        schedule: d.schedule ? { at: d.schedule.at, to: d.schedule.to, by: d.schedule.by } : null,
        scheduleFailure: d.scheduleFailure ? { at: d.scheduleFailure.at, to: d.scheduleFailure.to, by: d.scheduleFailure.by, reason: d.scheduleFailure.reason } : null,
        next: d.next
          ? {
              environment: d.next.environment,
              ready: d.next.allMet,
              gates: d.next.items.map((i) => ({ gate: i.gate, subject: i.subject, met: i.met, reason: i.reason, clearedBy: i.clearedBy, clearsAt: i.clearsAt })),
            }
          : null,
        checks: [...latest.values()].map((r) => ({ environment: d.pipeline.find((e) => e.id === r.environmentId)?.slug ?? null, check: r.checkName, status: r.status, summary: r.summary, url: r.url, ...countsOf(r), at: r.createdAt })),
        signoffs: d.signoffs.map((s) => ({ environment: d.pipeline.find((e) => e.id === s.environmentId)?.slug ?? null, by: s.actorName, decision: s.decision, comment: s.comment, at: s.createdAt })),
        deployments: d.deployments.map((x) => ({ environment: x.environmentSlug, status: x.status, url: x.url, description: x.description, requestedAt: x.requestedAt, at: x.statusAt })),
      },
    };
  });
}

/** Result counts as numbers (null when the result was plain JSON without them). */
function countsOf(r: { tests: number | null; failures: number | null; errors: number | null; skipped: number | null; durationMs: number | null }) {
  return { tests: r.tests, failures: r.failures, errors: r.errors, skipped: r.skipped, durationMs: r.durationMs };
}

function resultResponse(call: ApiCall, result: ReturnType<typeof recordCheckResult>): ApiResult {
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

export function postResult(db: Db, request: Request, projectSlug: string, version: string, sentAgain?: SentAgain) {
  const xml = ["application/xml", "text/xml"].includes(mediaType(request) ?? "");
  const prepare = xml ? parseJUnitInSlices : undefined;
  return serveApi(db, request, { name: "results.create", projectSlug, maxBytes: xml ? junitLimit : jsonLimit, auth: "token-or-signature", prepare }, (call) => {
    if (xml) {
      const params = new URL(request.url).searchParams;
      const environment = params.get("environment");
      const check = params.get("check");
      if (!environment || !check) {
        throw refuse(422, "A JUnit report needs ?environment=…&check=… in the URL", [
          ...(environment ? [] : [{ path: "environment", message: "query parameter is required" }]),
          ...(check ? [] : [{ path: "check", message: "query parameter is required" }]),
        ]);
      }
      const report = call.prepared as JUnitSummary;
      const result = recordCheckResult({
        ctx: ctxOf(call),
        input: {
          project: projectSlug,
          version,
          environment,
          check,
          status: report.status,
          summary: report.summary,
          url: params.get("url") ?? undefined,
          tests: report.tests,
          failures: report.failures,
          errors: report.errors,
          skipped: report.skipped,
          durationMs: report.durationMs ?? undefined,
          failingCases: report.failingCases,
        },
      });
      return resultResponse(call, result);
    }
    requireJson(request);
    const body = asObject(parseJson(call.raw));
    const result = recordCheckResult({ ctx: ctxOf(call), input: { ...body, project: projectSlug, version } as never });
    return resultResponse(call, result);
  }, sentAgain);
}

export function postPromote(db: Db, request: Request, projectSlug: string, version: string) {
  return serveApi(db, request, { name: "releases.promote", projectSlug, maxBytes: jsonLimit, auth: "token" }, (call) => {
    requireJson(request);
    if (call.actor.type === "token" && call.actor.scope !== "promote") throw refuse(403, "This token has the report scope; moving releases needs a token with --scope promote");
    const body = asObject(parseJson(call.raw));
    if (body.at !== undefined) {
      // "at": a promotion for later, tried then with its gates, as this token.
      const schedule = schedulePromotion({ ctx: ctxOf(call), input: { ...body, project: projectSlug, version } as never });
      return {
        status: 202,
        body: {
          schedule: { at: schedule.runAt, to: body.to, from: where(call, schedule.fromEnvironmentId), by: schedule.actorName, state: schedule.state },
        },
      };
    }
    const moved = moveRelease({ ctx: ctxOf(call), input: { ...body, project: projectSlug, version } as never });
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
        release: { version: moved.release.version, environment: where(call, moved.release.environmentId), state: moved.release.state },
        autoPromoted: moved.autoPromoted.map(({ from, to }) => ({ from, to })),
      },
    };
  });
}

/** Records a CI system's outcome for the release built from `sha`, or says why it was ignored. */
function recordForCommit(call: ApiCall, sha: string, check: string, status: CheckStatus, url: string | undefined, event: string): ApiResult {
  const release = call.db
    .select()
    .from(releases)
    .where(and(eq(releases.projectId, call.project.id), eq(releases.commitSha, sha.toLowerCase())))
    .get();
  if (!release) return { status: 202, outcome: "ignored", event, body: { ignored: true, reason: `No release of ${call.project.slug} has commit ${sha}` } };
  const environment = new URL(call.request.url).searchParams.get("environment") ?? where(call, release.environmentId);
  if (!environment) return { status: 202, outcome: "ignored", event, body: { ignored: true, reason: `${release.version} is not in an environment` } };
  const result = recordCheckResult({
    ctx: ctxOf(call),
    // GitHub and GitLab name runs freely ("Build and test"); spaces become dashes so the
    // name fits the rule for check names (server/domain/names.ts).
    input: { project: call.project.slug, version: release.version, environment, check: check.trim().replace(/\s+/g, "-").slice(0, 100), status, url },
  });
  return { ...resultResponse(call, result), event };
}

const githubConclusion = (conclusion: string | null | undefined): CheckStatus =>
  conclusion === "success" ? "passed" : conclusion === "failure" || conclusion === "timed_out" ? "failed" : conclusion === "cancelled" ? "cancelled" : "skipped";

const githubPayload = z.object({
  action: z.string().optional(),
  workflow_run: z.object({ name: z.string().nullish(), path: z.string().optional(), head_sha: z.string(), conclusion: z.string().nullish(), html_url: z.string().optional() }).optional(),
  check_suite: z.object({ head_sha: z.string(), conclusion: z.string().nullish(), app: z.object({ name: z.string() }).optional() }).optional(),
  check_run: z.object({ name: z.string(), head_sha: z.string(), conclusion: z.string().nullish(), html_url: z.string().optional() }).optional(),
});

/**
 * A workflow's name, or when it has none (GitHub's own examples send "") the file name
 * from its path: ".github/workflows/ci.yml" is check "ci.yml".
 */
function workflowName(run: { name?: string | null; path?: string }): string {
  if (run.name?.trim()) return run.name;
  const file = run.path?.split("@")[0]?.split("/").at(-1);
  if (!file) throw refuse(422, "The workflow_run has neither a name nor a path to name its check by");
  return file;
}

export function postGitHub(db: Db, request: Request, projectSlug: string, sentAgain?: SentAgain) {
  return serveApi(db, request, { name: "webhooks.github", projectSlug, maxBytes: jsonLimit, auth: "github" }, (call) => {
    const event = request.headers.get("x-github-event") ?? "";
    if (event === "ping") return { status: 200, event, body: { ok: true, message: "Releaseboard is listening" } };
    if (event === "deployment_status") return githubDeploymentReport(call, event);
    if (!["workflow_run", "check_suite", "check_run"].includes(event)) {
      return { status: 202, outcome: "ignored", event, body: { ignored: true, reason: `Event ${event || "(none)"} is not used` } };
    }
    const parsed = githubPayload.safeParse(parseJson(call.raw));
    if (!parsed.success) throw refuse(422, `Not a GitHub ${event} payload: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`);
    const payload = parsed.data;
    if (payload.action !== "completed") return { status: 202, outcome: "ignored", event, body: { ignored: true, reason: `Action ${payload.action} is not used; only completed` } };
    const run =
      event === "workflow_run"
        ? payload.workflow_run && { name: workflowName(payload.workflow_run), sha: payload.workflow_run.head_sha, conclusion: payload.workflow_run.conclusion, url: payload.workflow_run.html_url }
        : event === "check_suite"
          ? payload.check_suite && { name: payload.check_suite.app?.name ?? "check-suite", sha: payload.check_suite.head_sha, conclusion: payload.check_suite.conclusion, url: undefined }
          : payload.check_run && { name: payload.check_run.name, sha: payload.check_run.head_sha, conclusion: payload.check_run.conclusion, url: payload.check_run.html_url };
    if (!run) throw refuse(422, `The ${event} payload has no ${event} object`);
    return recordForCommit(call, run.sha, run.name, githubConclusion(run.conclusion), run.url?.startsWith("https://") ? run.url : undefined, event);
  }, sentAgain);
}

const gitlabStatus: Record<string, CheckStatus> = { success: "passed", failed: "failed", canceled: "cancelled", skipped: "skipped", running: "running" };

const gitlabPayload = z.object({
  object_kind: z.string(),
  object_attributes: z.object({ status: z.string(), sha: z.string(), name: z.string().nullish(), url: z.string().optional() }).optional(),
  build_status: z.string().optional(),
  build_name: z.string().optional(),
  sha: z.string().optional(),
});

export function postGitLab(db: Db, request: Request, projectSlug: string, sentAgain?: SentAgain) {
  return serveApi(db, request, { name: "webhooks.gitlab", projectSlug, maxBytes: jsonLimit, auth: "gitlab" }, (call) => {
    const parsed = gitlabPayload.safeParse(parseJson(call.raw));
    if (!parsed.success) throw refuse(422, `Not a GitLab event payload: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`);
    const payload = parsed.data;
    const event = payload.object_kind;
    if (event === "deployment") return gitlabDeploymentReport(call);
    const found =
      event === "pipeline" && payload.object_attributes
        ? { sha: payload.object_attributes.sha, name: payload.object_attributes.name || "pipeline", status: payload.object_attributes.status, url: payload.object_attributes.url }
        : event === "build" && payload.sha && payload.build_name && payload.build_status
          ? { sha: payload.sha, name: payload.build_name, status: payload.build_status, url: undefined }
          : null;
    if (!found) return { status: 202, outcome: "ignored", event, body: { ignored: true, reason: `Event ${event} is not used` } };
    const status = gitlabStatus[found.status];
    if (!status) return { status: 202, outcome: "ignored", event, body: { ignored: true, reason: `Status ${found.status} is not recorded` } };
    return recordForCommit(call, found.sha, found.name, status, found.url?.startsWith("https://") ? found.url : undefined, event);
  }, sentAgain);
}

function deploymentResponse(call: ApiCall, reported: ReturnType<typeof reportDeployment>, event?: string): ApiResult {
  const d = reported.deployment;
  return {
    status: 200,
    event,
    body: {
      deployment: { environment: where(call, d.environmentId), status: d.status, url: d.url, description: d.description, requestedAt: d.requestedAt, at: d.statusAt },
      release: { version: reported.release.version, environment: reported.environment, state: reported.release.state },
      autoPromoted: reported.autoPromoted.map(({ from, to }) => ({ from, to })),
    },
  };
}

export function postDeployment(db: Db, request: Request, projectSlug: string, version: string, sentAgain?: SentAgain) {
  return serveApi(db, request, { name: "deployments.create", projectSlug, maxBytes: jsonLimit, auth: "token-or-signature" }, (call) => {
    requireJson(request);
    const body = asObject(parseJson(call.raw));
    const reported = reportDeployment({ ctx: ctxOf(call), input: { ...body, project: projectSlug, version } as never });
    return deploymentResponse(call, reported);
  }, sentAgain);
}

/** The release built from `sha` (a full SHA, or an abbreviation of at least 7 characters). */
function releaseForSha(call: ApiCall, sha: string) {
  const wanted = sha.toLowerCase();
  if (!/^[0-9a-f]{7,64}$/.test(wanted)) return undefined;
  const exact = call.db.select().from(releases).where(and(eq(releases.projectId, call.project.id), eq(releases.commitSha, wanted))).get();
  if (exact || wanted.length >= 40) return exact;
  return call.db
    .select()
    .from(releases)
    .where(and(eq(releases.projectId, call.project.id), like(releases.commitSha, `${wanted}%`)))
    .get();
}

/**
 * A deploy report from GitHub or GitLab for the release built from `sha`, into the
 * environment named by ?environment= or else by the event (its slug or its name).
 */
function reportForCommit(call: ApiCall, found: { sha: string; environment: string; status: DeploymentReportStatus | null; rawStatus: string; url?: string; description?: string }, event: string): ApiResult {
  if (!found.status) return { status: 202, outcome: "ignored", event, body: { ignored: true, reason: `Deployment state ${found.rawStatus} is not recorded` } };
  const release = releaseForSha(call, found.sha);
  if (!release) return { status: 202, outcome: "ignored", event, body: { ignored: true, reason: `No release of ${call.project.slug} has commit ${found.sha}` } };
  const named = new URL(call.request.url).searchParams.get("environment") ?? found.environment;
  const pipeline = loadPipeline(call.db, call.project.id);
  const environment = pipeline.find((e) => e.slug === named) ?? pipeline.find((e) => e.name.toLowerCase() === named.toLowerCase() || e.slug === named.toLowerCase());
  if (!environment) {
    return { status: 202, outcome: "ignored", event, body: { ignored: true, reason: `No environment "${named}" in ${call.project.slug}'s pipeline (set ?environment= on the webhook URL to map it)` } };
  }
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
  const parsed = githubDeploymentStatus.safeParse(parseJson(call.raw));
  if (!parsed.success) throw refuse(422, `Not a GitHub deployment_status payload: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`);
  const { deployment_status: status, deployment } = parsed.data;
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
  const parsed = gitlabDeployment.safeParse(parseJson(call.raw));
  if (!parsed.success) throw refuse(422, `Not a GitLab deployment event: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`);
  const p = parsed.data;
  // commit_url ends in the full SHA; short_sha is the fallback.
  const sha = /\/commit\/([0-9a-f]{40})$/i.exec(p.commit_url ?? "")?.[1] ?? p.short_sha;
  if (!sha) throw refuse(422, "The deployment event has neither commit_url nor short_sha");
  return reportForCommit(call, { sha, environment: p.environment, status: fromGitLabDeploymentStatus(p.status), rawStatus: p.status, url: p.deployable_url ?? undefined }, "deployment");
}
