import { createHmac, timingSafeEqual } from "node:crypto";

function equalInConstantTime(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export const webhookToleranceSeconds = 5 * 60;

/**
 * Standard Webhooks: `webhook-signature` holds one or more space-separated `v1,<base64>`
 * signatures of "{id}.{timestamp}.{raw body}", keyed with the base64 part of a whsec_
 * secret. Any signature matching any active secret passes (that is how rotation works).
 */
export function verifyStandardWebhook(
  raw: Buffer,
  headers: { id: string; timestamp: string; signature: string },
  secrets: string[],
  nowSeconds = Math.floor(Date.now() / 1000),
): "ok" | "stale" | "bad" {
  const timestamp = Number(headers.timestamp);
  if (!/^\d+$/.test(headers.timestamp) || !Number.isSafeInteger(timestamp)) return "bad";
  if (Math.abs(nowSeconds - timestamp) > webhookToleranceSeconds) return "stale";
  const signed = Buffer.concat([Buffer.from(`${headers.id}.${headers.timestamp}.`, "utf8"), raw]);
  const offered = headers.signature
    .split(" ")
    .filter((part) => part.startsWith("v1,"))
    .map((part) => Buffer.from(part.slice(3), "base64"));
  for (const secret of secrets) {
    const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
    const expected = createHmac("sha256", key).update(signed).digest();
    if (offered.some((candidate) => equalInConstantTime(candidate, expected))) return "ok";
  }
  return "bad";
}

/** GitHub: X-Hub-Signature-256 is "sha256=" + hex HMAC of the raw body, keyed with the whole secret string. */
export function verifyGitHubSignature(raw: Buffer, header: string, secrets: string[]): boolean {
  // Exactly 64 hex digits: Buffer.from(…, "hex") would stop quietly at the first non-hex
  // character and accept whatever follows a valid signature.
  if (!/^sha256=[0-9a-f]{64}$/i.test(header)) return false;
  const offered = Buffer.from(header.slice(7), "hex");
  return secrets.some((secret) => equalInConstantTime(offered, createHmac("sha256", secret).update(raw).digest()));
}

/** GitLab: X-Gitlab-Token is the secret string itself. */
export function verifyGitLabToken(header: string, secrets: string[]): boolean {
  const offered = Buffer.from(header, "utf8");
  return secrets.some((secret) => equalInConstantTime(offered, Buffer.from(secret, "utf8")));
}

/**
 * A hex HMAC-SHA256 of `signed`, keyed with the whole secret string, as CircleCI, Bitbucket and
 * Buildkite send it. Exactly 64 hex digits (Buffer.from(…, "hex") would stop quietly at the first
 * non-hex character), compared in constant time against every active secret.
 */
export function verifyHexHmac(signed: Buffer, offeredHex: string, secrets: string[]): boolean {
  if (!/^[0-9a-f]{64}$/i.test(offeredHex)) return false;
  const offered = Buffer.from(offeredHex, "hex");
  return secrets.some((secret) => equalInConstantTime(offered, createHmac("sha256", secret).update(signed).digest()));
}

/** A header that must equal the secret string itself (GitLab, Buildkite's token), compared in constant time. */
export const verifySecretToken = (header: string, secrets: string[]) => verifyGitLabToken(header, secrets);
