import { z } from "zod";
import type { CheckStatus } from "../../domain/statuses";
import type { ApiCall } from "../api";
import type { ApiResult } from "../resources/call";
import { ignored, payloadOf, recordForCommit, runOf, type BuiltFrom } from "./outcomes";
import type { WebhookSource } from "./source";

/**
 * Azure Pipelines' results and the older build statuses (`build.complete` of resource version
 * 1.0 puts the result in `status`). Stages add `rejected` (an approval refused) and `skipped`.
 */
const azureResult: Record<string, CheckStatus> = {
  succeeded: "passed",
  partiallysucceeded: "failed",
  failed: "failed",
  canceled: "cancelled",
  cancelled: "cancelled",
  stopped: "cancelled",
  rejected: "failed",
  skipped: "skipped",
};

const text = z.string().max(2000);
const link = z.object({ web: z.object({ href: text }).optional() }).optional();
const pipeline = z.object({ id: z.number().optional(), name: text });
/** The repository a run checked out, when the event carries it (`refName`, `version` = commit). */
const repositories = z
  .object({ self: z.object({ refName: text.nullish(), version: text.nullish() }).optional() })
  .optional();
const run = z.object({
  id: z.number().optional(),
  name: text.nullish(),
  state: text.optional(),
  result: text.nullish(),
  createdDate: text.nullish(),
  finishedDate: text.nullish(),
  url: text.optional(),
  _links: link,
  pipeline: pipeline.optional(),
  resources: z.object({ repositories }).optional(),
});

const azurePayload = z.object({
  eventType: text,
  resource: z.object({
    // build.complete
    id: z.number().optional(),
    buildNumber: text.optional(),
    status: text.optional(),
    result: text.nullish(),
    url: text.optional(),
    finishTime: text.nullish(),
    sourceBranch: text.nullish(),
    sourceVersion: text.nullish(),
    /** Resource version 1.0: "LG:refs/heads/master:<sha>". */
    sourceGetVersion: text.nullish(),
    definition: z.object({ name: text }).optional(),
    _links: link,
    // ms.vss-pipelines.*-state-changed-event
    run: run.optional(),
    pipeline: pipeline.optional(),
    stage: z
      .object({ name: text, displayName: text.nullish(), state: text.optional(), result: text.nullish(), _links: link })
      .optional(),
  }),
});

type Payload = z.output<typeof azurePayload>;

/** `completed` with a result, `inProgress`/`running` as running; anything else (canceling, waiting) is not an outcome. */
function outcomeOf(state: string | undefined, result: string | null | undefined): CheckStatus | null {
  const lower = state?.toLowerCase();
  if (lower === "inprogress" || lower === "running") return "running";
  return azureResult[(result ?? (lower === "completed" ? "" : (lower ?? ""))).toLowerCase()] ?? null;
}

async function buildComplete(call: ApiCall, { eventType: event, resource: build }: Payload): Promise<ApiResult> {
  if (!build.definition) return ignored(event, "The build names no definition to name its check by");
  const status = outcomeOf(build.status, build.result);
  if (!status || status === "running")
    return ignored(event, `Result ${build.result ?? build.status ?? "(none)"} is not recorded`);
  // Resource version 1.0 names branch and commit in sourceGetVersion; later ones in sourceBranch/sourceVersion.
  const legacy = /^LG:([^:]+):([0-9a-f]{40})$/i.exec(build.sourceGetVersion ?? "");
  const built: BuiltFrom = {
    sha: build.sourceVersion ?? legacy?.[2],
    branch: build.sourceBranch ?? legacy?.[1],
    runNumber: build.buildNumber,
  };
  return recordForCommit(
    call,
    built,
    build.definition.name,
    status,
    httpsOnly(build._links?.web?.href ?? build.url),
    event,
    runOf("azure-devops:build", build.id, 1, build.finishTime),
  );
}

async function stateChanged(call: ApiCall, { eventType: event, resource }: Payload): Promise<ApiResult> {
  const thisRun = resource.run;
  const name = resource.pipeline?.name ?? thisRun?.pipeline?.name;
  if (!thisRun || !name) return ignored(event, "The event names no pipeline run");
  const stage = event === "ms.vss-pipelines.stage-state-changed-event" ? resource.stage : undefined;
  if (event === "ms.vss-pipelines.stage-state-changed-event" && !stage)
    return ignored(event, "The event names no stage");
  const subject = stage ?? thisRun;
  const status = outcomeOf(subject.state, subject.result);
  if (!status) return ignored(event, `State ${subject.state ?? "(none)"} is not recorded`);
  // The run's id is in its URL when the payload leaves it out (…/_apis/Pipelines/1/runs/11).
  const runId = thisRun.id ?? Number(/\/runs\/(\d{1,12})$/.exec(thisRun.url ?? "")?.[1] ?? NaN);
  const key = Number.isFinite(runId) ? `${thisRun.pipeline?.id ?? name}:${runId}` : undefined;
  const self = thisRun.resources?.repositories?.self;
  return recordForCommit(
    call,
    { sha: self?.version, branch: self?.refName, runNumber: thisRun.name },
    stage ? `${name} / ${stage.displayName ?? stage.name}` : name,
    status,
    httpsOnly(subject._links?.web?.href ?? thisRun._links?.web?.href),
    event,
    key === undefined
      ? undefined
      : runOf(
          stage ? `azure-devops:stage:${stage.name}` : "azure-devops:run",
          key,
          status === "running" ? 1 : 2,
          thisRun.finishedDate ?? thisRun.createdDate,
        ),
  );
}

const httpsOnly = (url: string | undefined) => (url?.startsWith("https://") ? url : undefined);

const handlers: Record<string, (call: ApiCall, payload: Payload) => Promise<ApiResult>> = {
  "build.complete": buildComplete,
  "ms.vss-pipelines.run-state-changed-event": stateChanged,
  "ms.vss-pipelines.stage-state-changed-event": stateChanged,
};

async function azureCall(call: ApiCall): Promise<ApiResult> {
  const payload = payloadOf(call, azurePayload, "Azure DevOps service hook payload");
  const handler = Object.hasOwn(handlers, payload.eventType) ? handlers[payload.eventType] : undefined;
  if (!handler)
    return ignored(
      payload.eventType,
      `Event ${payload.eventType} is not used; only build.complete and ms.vss-pipelines.run-/stage-state-changed-event`,
    );
  return handler(call, payload);
}

/**
 * Azure DevOps service hooks, "Web Hooks" consumer (README: Connecting CI). Azure cannot sign a
 * request: its basic authentication username and password carry a project token.
 */
export const azureDevops: WebhookSource = {
  system: "azure-devops",
  title: "Azure DevOps",
  auth: { basicToken: true },
  handle: azureCall,
};
