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
 */
export const cdevents: DeployTargetKindOf<{ url: string }> = {
  title: "CDEvents",
  description: "POSTs a signed CDEvent (dev.cdevents.pipelinerun.queued) for the deploy to a CDEvents receiver.",
  fields: [{ name: "url", label: "CDEvents receiver URL", hint: "gets dev.cdevents.pipelinerun.queued", wide: true }],
  schema: z.strictObject({ url: targetUrlSchema }),
  describe: ({ url }) => `CDEvents ${hostOnlyUrl(url)}`,
  redact: ({ url }) => ({ url: hostOnlyUrl(url) }),
  request: ({ url }, { payload, inputs, messageId, at }) => {
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
          content: { pipelineName: `deploy ${inputs.version} to ${inputs.environment}` },
        },
        customData: JSON.parse(payload),
        customDataContentType: "application/json",
      }),
      guarded: true,
      signed: true,
    };
  },
};
