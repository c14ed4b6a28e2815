import { createHmac } from "node:crypto";

/**
 * Standard Webhooks signing: `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, the
 * key being the base64 part of a whsec_ secret. During a rotation every active secret
 * signs, space-separated, so receivers verifying with either keep working.
 */
export function standardWebhookHeaders(
  messageId: string,
  body: string,
  secrets: string[],
  at = new Date(),
): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const signature = secrets
    .map(
      (secret) =>
        `v1,${createHmac("sha256", Buffer.from(secret.replace(/^whsec_/, ""), "base64"))
          .update(`${messageId}.${timestamp}.${body}`)
          .digest("base64")}`,
    )
    .join(" ");
  return { "webhook-id": messageId, "webhook-timestamp": timestamp, "webhook-signature": signature };
}
