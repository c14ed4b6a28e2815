import { z } from "zod";

/**
 * The prefix of every environment variable a deploy target may name (README: Deployments). Only
 * these are handed to the dispatcher (server/config.ts), so a pipeline cannot send SMTP_URL or
 * AUTH_SECRET to a deploy system, nor learn whether some other variable is set.
 */
export const deployTokenPrefix = "RELEASEBOARD_DEPLOY_TOKEN_";

/** An environment variable name: where the server finds a token, never the token itself. */
export const envName = z
  .string()
  .regex(
    new RegExp(`^${deployTokenPrefix}[A-Z0-9_]{1,80}$`),
    `must be the name of a server environment variable starting with ${deployTokenPrefix}, such as ${deployTokenPrefix}GITHUB`,
  );

export const ref = z
  .string()
  .min(1, "must not be empty")
  .max(255)
  .regex(/^[^\s~^:?*[\\]+$/, "must be a branch or tag name");

/** A path segment a vendor names things by (a slug, an application name). */
export const segment = (what: string) =>
  z
    .string()
    .min(1, "must not be empty")
    .max(255)
    .regex(/^[\w.-]+$/, `must be the ${what} (letters, digits, . _ -)`);

export const tokenField = {
  name: "tokenEnv",
  label: "Token variable",
  hint: "server environment variable holding the token, RELEASEBOARD_DEPLOY_TOKEN_…",
} as const;

/**
 * A webhook URL as shown to people who may not edit the pipeline: scheme and host only. Chat and
 * deploy webhook URLs work as passwords (the path is the secret), so only release managers and
 * admins see them whole (README: Security).
 */
export function hostOnlyUrl(url: string): string {
  try {
    const { protocol, host } = new URL(url);
    return `${protocol}//${host}/…`;
  } catch {
    return "…";
  }
}

export const jsonHeaders = { "content-type": "application/json" } as const;
