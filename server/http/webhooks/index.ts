import { azureDevops } from "./azure-devops";
import { bitbucket } from "./bitbucket";
import { buildkite } from "./buildkite";
import { cdevents } from "./cdevents";
import { circleci } from "./circleci";
import { github } from "./github";
import { gitlab } from "./gitlab";
import { jenkins } from "./jenkins";
import type { WebhookSource } from "./source";

/**
 * Every inbound source, by the path segment it answers at (README: Connecting CI). A new CI
 * or deploy system is one file in this folder and one line here; the routes read this map.
 */
export const webhookSources = {
  github,
  gitlab,
  circleci,
  buildkite,
  bitbucket,
  jenkins,
  "azure-devops": azureDevops,
  cdevents,
} as const satisfies Record<string, WebhookSource>;

export type WebhookSystem = keyof typeof webhookSources;
export type { WebhookSource } from "./source";
