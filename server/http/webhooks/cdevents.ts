import { z } from "zod";
import type { CheckStatus } from "../../domain/statuses";
import type { DeploymentReportStatus } from "../../domain/deploy";
import type { ApiCall } from "../api";
import type { ApiResult } from "../resources/call";
import { ignored, payloadOf, recordForCommit, reportForCommit, runOf, type BuiltFrom } from "./outcomes";
import type { WebhookSource } from "./source";

/** CDEvents outcomes (spec v0.4–v0.5: pipelineRun and testCaseRun `finished`). */
const cdOutcome: Record<string, CheckStatus> = {
  success: "passed",
  failure: "failed",
  error: "error",
  cancel: "cancelled",
  // testcaserun.finished before v0.5 said pass/fail; skip is its own event in v0.5.
  pass: "passed",
  fail: "failed",
  skip: "skipped",
};

const text = z.string().max(2000);
const environment = z.object({ id: text, source: text.optional() }).optional();
const cdevent = z.object({
  context: z.object({ id: text, source: text, type: text, timestamp: text.optional() }),
  subject: z.object({
    id: text,
    source: text.optional(),
    content: z
      .object({
        pipelineName: text.optional(),
        uri: text.optional(),
        outcome: text.optional(),
        environment,
        artifactId: text.optional(),
        testCase: z.object({ id: text, name: text.optional() }).optional(),
      })
      .optional(),
  }),
  /** Where a sender names the release (README: CDEvents): `{ "version": … }` or `{ "commit": … }`. */
  customData: z.unknown().optional(),
});
/** CloudEvents' structured mode wraps the CDEvent in `data` (application/cloudevents+json). */
const structured = z.object({ specversion: text, data: cdevent });

type CDEvent = z.output<typeof cdevent>;

/**
 * The release an event is about: `customData.version`/`.commit` where the sender sets them, else the
 * version of a package URL artifact (`pkg:oci/shop@1.4.2`), or a commit where that version is one.
 */
function builtFrom(event: CDEvent): BuiltFrom {
  const custom = event.customData;
  if (custom && typeof custom === "object" && !Array.isArray(custom)) {
    const { version, commit } = custom as { version?: unknown; commit?: unknown };
    if (typeof commit === "string" || typeof version === "string")
      return { sha: typeof commit === "string" ? commit : null, version: typeof version === "string" ? version : null };
  }
  const purlVersion = /^pkg:[^@]+@([^?#]+)/.exec(event.subject.content?.artifactId ?? "")?.[1];
  if (!purlVersion) return {};
  const version = safeDecode(purlVersion);
  return /^[0-9a-f]{40}$/i.test(version) ? { sha: version } : { version };
}

const safeDecode = (value: string) => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

/** `dev.cdevents.pipelinerun.finished.0.2.0` → `pipelinerun.finished`. */
const kindOf = (type: string) => /^dev\.cdevents\.([a-z]+\.[a-z]+)(?:\.\d+\.\d+\.\d+(?:-[\w.]+)?)?$/.exec(type)?.[1];

const httpsOnly = (url: string | undefined) => (url?.startsWith("https://") ? url : undefined);

async function cdeventsCall(call: ApiCall): Promise<ApiResult> {
  const raw = payloadOf(call, z.union([cdevent, structured]), "CDEvent");
  const event = "data" in raw ? raw.data : raw;
  const type = event.context.type;
  const kind = kindOf(type);
  const content = event.subject.content ?? {};
  const run = runOf(
    `cdevents:${kind}:${event.subject.source ?? event.context.source}`,
    event.subject.id,
    1,
    event.context.timestamp,
  );
  if (kind === "pipelinerun.finished" || kind === "testcaserun.finished") {
    const status = cdOutcome[content.outcome ?? ""];
    if (!status) return ignored(type, `Outcome ${content.outcome ?? "(none)"} is not recorded`);
    const check =
      kind === "pipelinerun.finished"
        ? (content.pipelineName ?? event.subject.id)
        : (content.testCase?.name ?? content.testCase?.id ?? event.subject.id);
    return recordForCommit(call, builtFrom(event), check, status, httpsOnly(content.uri), type, run);
  }
  if (kind === "service.deployed") {
    const status: DeploymentReportStatus = "succeeded";
    return reportForCommit(
      call,
      { sha: builtFrom(event), environment: content.environment?.id ?? "", status, rawStatus: "deployed", run },
      type,
    );
  }
  return ignored(
    type,
    `Event ${type} is not used; only dev.cdevents.pipelinerun.finished, testcaserun.finished and service.deployed`,
  );
}

/**
 * CDEvents, the CD Foundation's event standard (README: CDEvents), as a CDEvent body or a CloudEvent
 * in structured mode. Senders hold a project token or the signing secret (Standard Webhooks).
 */
export const cdevents: WebhookSource = {
  system: "cdevents",
  title: "CDEvents",
  eventHeader: "ce-type",
  auth: "token-or-signature",
  handle: cdeventsCall,
};
