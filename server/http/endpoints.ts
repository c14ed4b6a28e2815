import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { releases, type CheckStatus } from "../../db/schema";
import { getReleaseDetail } from "../queries/release-detail";
import { createRelease } from "../services/createRelease";
import { moveRelease } from "../services/moveRelease";
import { recordCheckResult } from "../services/recordCheckResult";
import { authorize } from "../services/context";
import { loadPipeline } from "../services/internal/lookup";
import { serveApi, unsupportedMediaType, type ApiCall, type ApiResult, type SentAgain } from "./api";
import { parseJUnit } from "./junit";
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
        next: d.next
          ? {
              environment: d.next.environment,
              ready: d.next.allMet,
              gates: d.next.items.map((i) => ({ gate: i.gate, subject: i.subject, met: i.met, reason: i.reason, clearedBy: i.clearedBy, clearsAt: i.clearsAt })),
            }
          : null,
        checks: [...latest.values()].map((r) => ({ environment: d.pipeline.find((e) => e.id === r.environmentId)?.slug ?? null, check: r.checkName, status: r.status, summary: r.summary, url: r.url, at: r.createdAt })),
        signoffs: d.signoffs.map((s) => ({ environment: d.pipeline.find((e) => e.id === s.environmentId)?.slug ?? null, by: s.actorName, decision: s.decision, comment: s.comment, at: s.createdAt })),
      },
    };
  });
}

function resultResponse(call: ApiCall, result: ReturnType<typeof recordCheckResult>): ApiResult {
  return {
    status: 201,
    body: {
      check: result.result.checkName,
      status: result.result.status,
      environment: result.checkEnvironment,
      release: { version: result.release.version, environment: result.environment, state: result.release.state },
      autoPromoted: result.autoPromoted.length > 0,
      promotedTo: result.autoPromoted.at(-1)?.to ?? null,
    },
  };
}

export function postResult(db: Db, request: Request, projectSlug: string, version: string, sentAgain?: SentAgain) {
  const xml = ["application/xml", "text/xml"].includes(mediaType(request) ?? "");
  return serveApi(db, request, { name: "results.create", projectSlug, maxBytes: xml ? junitLimit : jsonLimit, auth: "token-or-signature" }, (call) => {
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
      const report = parseJUnit(call.raw);
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
  workflow_run: z.object({ name: z.string(), head_sha: z.string(), conclusion: z.string().nullish(), html_url: z.string().optional() }).optional(),
  check_suite: z.object({ head_sha: z.string(), conclusion: z.string().nullish(), app: z.object({ name: z.string() }).optional() }).optional(),
  check_run: z.object({ name: z.string(), head_sha: z.string(), conclusion: z.string().nullish(), html_url: z.string().optional() }).optional(),
});

export function postGitHub(db: Db, request: Request, projectSlug: string, sentAgain?: SentAgain) {
  return serveApi(db, request, { name: "webhooks.github", projectSlug, maxBytes: jsonLimit, auth: "github" }, (call) => {
    const event = request.headers.get("x-github-event") ?? "";
    if (event === "ping") return { status: 200, event, body: { ok: true, message: "Releaseboard is listening" } };
    if (!["workflow_run", "check_suite", "check_run"].includes(event)) {
      return { status: 202, outcome: "ignored", event, body: { ignored: true, reason: `Event ${event || "(none)"} is not used` } };
    }
    const parsed = githubPayload.safeParse(parseJson(call.raw));
    if (!parsed.success) throw refuse(422, `Not a GitHub ${event} payload: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`);
    const payload = parsed.data;
    if (payload.action !== "completed") return { status: 202, outcome: "ignored", event, body: { ignored: true, reason: `Action ${payload.action} is not used; only completed` } };
    const run =
      event === "workflow_run"
        ? payload.workflow_run && { name: payload.workflow_run.name, sha: payload.workflow_run.head_sha, conclusion: payload.workflow_run.conclusion, url: payload.workflow_run.html_url }
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
