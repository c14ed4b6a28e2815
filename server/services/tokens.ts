import { createHash, randomBytes } from "node:crypto";

/** Project tokens start with rb_ so secret scanners can recognise them. */
export const tokenPrefix = "rb_";

export function newToken(): string {
  return `${tokenPrefix}${randomBytes(32).toString("base64url")}`;
}

/** Only this digest is stored; the token itself is shown once. */
export function tokenDigest(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Personal access tokens start with rbp_: a person's own credential, not a project's. */
export const personalTokenPrefix = "rbp_";

export function newPersonalToken(): string {
  return `${personalTokenPrefix}${randomBytes(32).toString("base64url")}`;
}
