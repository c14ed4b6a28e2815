import type { OutboundEnv } from "../config";
import { deployTokenPrefix, type DeployTargetSpec } from "../domain/deploy";
import { TargetRefused } from "./address-guard";
import type { OutboundRequest } from "./http-send";
import { standardWebhookHeaders } from "./sign";

export type { OutboundEnv } from "../config";

export type OutboundMessage = { messageId: string; payload: string; target: Record<string, unknown> };

type ReleaseInputs = { version: string; sha: string; environment: string };

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
 * The HTTP request that delivers an outbox message to its target: a signed webhook, a
 * GitHub workflow_dispatch or a GitLab pipeline trigger (README, "Deployments"). A
 * TargetRefused means no attempt will ever succeed as configured.
 */
export async function buildRequest(
  message: OutboundMessage,
  secrets: string[],
  env: OutboundEnv,
  now = new Date(),
): Promise<OutboundRequest> {
  const target = message.target as DeployTargetSpec | ChatTarget;
  if ("webhook" in target) {
    const { url, guard } = guardedUrl(target.webhook.url, env);
    return {
      url,
      guard,
      body: message.payload,
      headers: {
        "content-type": "application/json",
        "user-agent": userAgent,
        ...standardWebhookHeaders(message.messageId, message.payload, secrets, now),
      },
    };
  }
  if ("githubWorkflow" in target) {
    const { repository, workflow, ref, tokenEnv } = target.githubWorkflow;
    const [owner, repo] = repository.split("/") as [string, string];
    // POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches (GitHub REST, Actions).
    const url = new URL(
      `${env.githubApiUrl}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/actions/workflows/${encodeURIComponent(workflow)}/dispatches`,
    );
    return {
      url,
      body: JSON.stringify({ ref, inputs: inputsOf(message.payload) }),
      headers: {
        accept: "application/vnd.github+json",
        authorization: `Bearer ${tokenOf(env, tokenEnv)}`,
        "x-github-api-version": "2022-11-28",
        "content-type": "application/json",
        "user-agent": userAgent,
      },
    };
  }
  if ("gitlabPipeline" in target) {
    const { project, ref, tokenEnv } = target.gitlabPipeline;
    // POST /api/v4/projects/:id/trigger/pipeline with token, ref and variables[KEY] (GitLab pipeline triggers API).
    const url = new URL(`${env.gitlabUrl}/api/v4/projects/${encodeURIComponent(project)}/trigger/pipeline`);
    const form = new URLSearchParams({ token: tokenOf(env, tokenEnv), ref });
    for (const [key, value] of Object.entries(inputsOf(message.payload))) form.set(`variables[${key}]`, value);
    return {
      url,
      body: form.toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": userAgent },
    };
  }
  if ("chat" in target) return chatRequest(message, env);
  throw new TargetRefused("The message's target is of no kind this server knows");
}
