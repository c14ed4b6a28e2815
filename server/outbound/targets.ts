import type { OutboundEnv } from "../config";
import { deployTokenPrefix, type DeployTargetSpec } from "../domain/deploy";
import { deployTargetKinds, deployTargetParts, type ReleaseInputs } from "../domain/deploy-targets";
import { TargetRefused } from "./address-guard";
import type { OutboundRequest } from "./http-send";
import { standardWebhookHeaders } from "./sign";

export type { OutboundEnv } from "../config";

export type OutboundMessage = { messageId: string; payload: string; target: Record<string, unknown> };

function inputsOf(payload: string): ReleaseInputs {
  const event = JSON.parse(payload) as { environment: string; release: { version: string; commitSha: string | null } };
  return { version: event.release.version, sha: event.release.commitSha ?? "", environment: event.environment };
}

/** The token a target names, from the RELEASEBOARD_DEPLOY_TOKEN_… variables config handed down, and no others. */
function tokenOf(env: OutboundEnv, name: string): string {
  if (!name.startsWith(deployTokenPrefix))
    throw new TargetRefused(`tokenEnv must name a variable starting with ${deployTokenPrefix}; ${name} is not one`);
  const token = Object.hasOwn(env.deployTokens, name) ? env.deployTokens[name] : undefined;
  if (!token)
    throw new TargetRefused(`${name} is not set in the server's environment, so there is no token to call with`);
  return token;
}

const userAgent = "Releaseboard";

/** A chat notification's target: one incoming-webhook URL from the pipeline file. */
type ChatTarget = { chat: { url: string } };

/**
 * A webhook's URL, with the address guard on: the address connected to is checked on every
 * attempt, after DNS resolution (address-guard.ts), since what a name resolves to can change.
 */
function guardedUrl(raw: string, env: OutboundEnv) {
  const url = new URL(raw);
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new TargetRefused(`${url.protocol} targets are not allowed; use http(s)`);
  return { url, guard: { allowPrivate: env.allowPrivateTargets } };
}

/** Chat webhooks (Slack, Mattermost, Rocket.Chat) take the JSON as is; the URL is their secret. */
async function chatRequest(message: OutboundMessage, env: OutboundEnv): Promise<OutboundRequest> {
  const { url, guard } = guardedUrl((message.target as ChatTarget).chat.url, env);
  return {
    url,
    guard,
    body: message.payload,
    headers: { "content-type": "application/json", "user-agent": userAgent },
  };
}

/**
 * The HTTP request that delivers an outbox message to its target: a chat post, or a deploy target of
 * one of the kinds in server/domain/deploy-targets (README, "Deployments"), built by its module. A
 * TargetRefused means no attempt will ever succeed as configured.
 */
export async function buildRequest(
  message: OutboundMessage,
  secrets: string[],
  env: OutboundEnv,
  now = new Date(),
): Promise<OutboundRequest> {
  const target = message.target as DeployTargetSpec | ChatTarget;
  if ("chat" in target) return chatRequest(message, env);
  if (!Object.keys(target).some((key) => Object.hasOwn(deployTargetKinds, key)))
    throw new TargetRefused("The message's target is of no kind this server knows");
  const { module, spec } = deployTargetParts(target);
  const built = module.request(spec, {
    payload: message.payload,
    messageId: message.messageId,
    at: now,
    // Read only by kinds that pass a release's facts on: a webhook also carries other messages (checkpoints).
    get inputs() {
      return inputsOf(message.payload);
    },
    token: (name) => tokenOf(env, name),
    base: { githubApi: env.githubApiUrl, gitlab: env.gitlabUrl, buildkiteApi: env.buildkiteApiUrl },
  });
  const { url, guard } = built.guarded ? guardedUrl(built.url, env) : { url: new URL(built.url), guard: undefined };
  return {
    url,
    guard,
    body: built.body,
    headers: {
      ...built.headers,
      "user-agent": userAgent,
      ...(built.signed ? standardWebhookHeaders(message.messageId, built.body, secrets, now) : {}),
    },
  };
}
