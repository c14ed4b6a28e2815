import { z } from "zod";
import { targetUrlSchema } from "../addresses";
import { hostOnlyUrl } from "./common";
import type { DeployTargetKindOf } from "./kind";

/** The CDEvents spec version the events are written to (https://github.com/cdevents/spec/tree/v0.5.1). */
export const cdeventsSpecVersion = "0.5.1";

/**
 * CDEvents out: a deploy request as `dev.cdevents.pipelinerun.queued` — a deployment pipeline run
 * queued for the release — with the deployment.requested event as its `customData`, POSTed as a
 * CDEvent body (CloudEvents' structured content) and signed with Standard Webhooks headers. The
 * receiver reports back with `dev.cdevents.service.deployed` on …/webhooks/cdevents (README: CDEvents).
 * When the release has gone live there, the same URL gets the service event for the move
 * (`serviceEvent` below, queued by server/engine/deploy.ts `queueServiceEvent`).
 */
export const cdevents: DeployTargetKindOf<{ url: string }> = {
  title: "CDEvents",
  description:
    "POSTs signed CDEvents to a CDEvents receiver: pipelinerun.queued for the deploy, then service.deployed, upgraded or rolledback when it goes live.",
  fields: [
    {
      name: "url",
      label: "CDEvents receiver URL",
      hint: "gets dev.cdevents.pipelinerun.queued and dev.cdevents.service.*",
      wide: true,
    },
  ],
  schema: z.strictObject({ url: targetUrlSchema }),
  describe: ({ url }) => `CDEvents ${hostOnlyUrl(url)}`,
  redact: ({ url }) => ({ url: hostOnlyUrl(url) }),
  // `context.inputs` is read only for the deploy request: a service event names no deploy inputs.
  request: ({ url }, context) => {
    const { payload, messageId, at } = context;
    // A service event (below) is a CDEvent already, written when the release went live: sent as it is.
    if (isServiceEventPayload(payload))
      return { url, headers: { "content-type": "application/json" }, body: payload, guarded: true, signed: true };
    const event = JSON.parse(payload) as { project: string };
    const source = `/releaseboard/projects/${event.project}`;
    return {
      url,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        context: {
          specversion: cdeventsSpecVersion,
          id: messageId,
          source,
          type: "dev.cdevents.pipelinerun.queued.0.3.0",
          timestamp: at.toISOString(),
        },
        subject: {
          id: messageId,
          source,
          content: { pipelineName: `deploy ${context.inputs.version} to ${context.inputs.environment}` },
        },
        customData: JSON.parse(payload),
        customDataContentType: "application/json",
      }),
      guarded: true,
      signed: true,
    };
  },
};

/** The outbox kind of a service event (a release went live in an environment with a `cdevents` target). */
export const cdeventsServiceKind = "cdevents.service";

/**
 * What happened to the environment's service when a release went live there, in the words of the
 * spec's continuous-deployment events: `deployed` (no release of the project was live there),
 * `upgraded` (it replaced one), `rolledback` (a rollback brought it back).
 */
export type ServicePredicate = "deployed" | "upgraded" | "rolledback";

export type ServiceFact = {
  predicate: ServicePredicate;
  /** The outbox message's id, which is the event's id too. */
  id: string;
  project: string;
  environment: string;
  version: string;
  commitSha: string | null;
  /** The version that was live there before, for `upgraded` and `rolledback`. */
  previous: string | null;
  /** The transition that brought the release in (promote, auto-promote, rollback), or null for a report nobody asked for. */
  transition: string | null;
  at: Date;
};

/** A release as a package URL (purl): its project is the name, its version the version, percent-encoded. */
export const releasePurl = (project: string, version: string) =>
  `pkg:generic/${encodeURIComponent(project)}@${encodeURIComponent(version)}`;

/**
 * `dev.cdevents.service.<predicate>.0.3.0` (spec 0.5.1): the project as the service, the environment
 * by its slug, the release as the artifact; what the spec has no field for (the commit, the
 * version replaced, the transition) goes in `customData`.
 */
export function serviceEvent(fact: ServiceFact) {
  const source = `/releaseboard/projects/${fact.project}`;
  return {
    context: {
      specversion: cdeventsSpecVersion,
      id: fact.id,
      source,
      type: `dev.cdevents.service.${fact.predicate}.0.3.0`,
      timestamp: fact.at.toISOString(),
    },
    subject: {
      id: `service/${fact.project}`,
      source,
      content: { environment: { id: fact.environment, source }, artifactId: releasePurl(fact.project, fact.version) },
    },
    customData: {
      project: fact.project,
      environment: fact.environment,
      version: fact.version,
      commit: fact.commitSha,
      previous: fact.previous,
      transition: fact.transition,
    },
    customDataContentType: "application/json",
  };
}

function isServiceEventPayload(payload: string): boolean {
  const event = JSON.parse(payload) as { context?: { type?: unknown } };
  return typeof event.context?.type === "string" && event.context.type.startsWith("dev.cdevents.service.");
}
