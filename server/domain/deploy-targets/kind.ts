import { z } from "zod";
import { deployTokenPrefix } from "./common";

/** What a deploy request tells the system it calls: the release, its commit and where it goes. */
export type ReleaseInputs = { version: string; sha: string; environment: string };

/**
 * What a kind's request is built from. Reading a token from the server's environment and signing
 * are the dispatcher's (server/outbound/targets.ts); a kind only says how its request looks.
 */
export type RequestContext = {
  /** The deployment.requested event, as the outbox holds it. */
  payload: string;
  /** The outbox message's id, stable across attempts, and when this attempt is made. */
  messageId: string;
  at: Date;
  inputs: ReleaseInputs;
  /** The token a target names by its `tokenEnv` (one of the RELEASEBOARD_DEPLOY_TOKEN_… variables). */
  token: (tokenEnv: string) => string;
  /** The operator's own API base URLs (server/config.ts). */
  base: { githubApi: string; gitlab: string; buildkiteApi: string };
};

export type TargetRequest = {
  url: string;
  headers: Record<string, string>;
  body: string;
  /**
   * A URL from the pipeline file rather than the operator's configuration: the address guard
   * checks every address it connects to (server/outbound/address-guard.ts).
   */
  guarded: boolean;
  /** Add Standard Webhooks signature headers, keyed with the project's outbound secret. */
  signed?: boolean;
};

/** One text field of a kind in the settings editor (the `deploy.<kind>.<name>` of the pipeline file). */
export type TargetField = { name: string; label: string; hint: string; initial?: string; wide?: boolean };

/**
 * One deploy target kind (README: Deployments): its key in the pipeline file's `deploy:`, its
 * schema, what the settings editor shows, how the audit log names it, and its request.
 */
export type DeployTargetKindOf<S extends Record<string, string>> = {
  title: string;
  /** One line for the settings editor. */
  description: string;
  fields: TargetField[];
  schema: z.ZodType<S, S>;
  /** In words for the audit log, read by everyone: never a URL's path, which may be a secret. */
  describe: (spec: S) => string;
  /** The spec as people who may not edit the pipeline see it (a URL cut to its host). */
  redact?: (spec: S) => S;
  request: (spec: S, ctx: RequestContext) => TargetRequest;
};

export { deployTokenPrefix };
