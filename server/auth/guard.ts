import { DomainError, errorStatus, rateLimited, unsupportedMediaType } from "../errors";
import { authBodyLimit, withBodyLimit } from "../http/body-limits";
import { clientIpHeader, type Auth } from "./auth";
import type { LoginLimiter } from "./login-limiter";

const invalidCredentials = { code: "INVALID_EMAIL_OR_PASSWORD", message: "Invalid email or password" };

/**
 * A refusal in better-auth's own shape (`{code, message}`), which its client reads; the code
 * names the DomainError (the limiter's keeps the TOO_MANY_ATTEMPTS it always had).
 */
function authError(error: DomainError, headers: Record<string, string>): Response {
  const code = error.code === "RATE_LIMITED" ? "TOO_MANY_ATTEMPTS" : error.code;
  return Response.json({ code, message: error.message }, { status: errorStatus[error.code], headers });
}

/** The media types better-auth's sign-in reads (its `allowedMediaTypes`); anything else gets 415 here. */
const signInMediaTypes = ["application/json", "application/x-www-form-urlencoded"] as const;

/**
 * The account a sign-in names, read as better-auth will read it for each body type it
 * accepts (the last `email` wins in both), so a form-encoded body counts against the same
 * account as a JSON one. Null for a body type sign-in does not accept.
 */
export function signInAccount(contentType: string | null, body: string): string | null {
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  const normal = (email: unknown) => (typeof email === "string" ? email.trim().toLowerCase() : "");
  if (mediaType === "application/x-www-form-urlencoded")
    return normal(new URLSearchParams(body).getAll("email").at(-1));
  if (mediaType !== "application/json") return null;
  try {
    return normal((JSON.parse(body) as { email?: unknown } | null)?.email);
  } catch {
    return "";
  }
}

/**
 * Every POST to /api/auth/*: the body is read within 16 KiB before better-auth parses it
 * (413 beyond, and an oversized sign-in counts as a failed one); sign-ins pass the
 * limiter, which counts them before the password is checked, under the account the body
 * names whatever its type (a body type sign-in does not read gets 415); and a refused sign-in gets
 * one answer whatever the reason (unknown email, wrong password, disabled account), so
 * the answer never tells whether a disabled account's password was right.
 */
export async function handleAuthPost(auth: Auth, limiter: LoginLimiter, request: Request): Promise<Response> {
  const signIn = new URL(request.url).pathname.endsWith("/sign-in/email");
  const client = request.headers.get(clientIpHeader) ?? "unknown";
  let limited: Request;
  try {
    limited = await withBodyLimit(request, authBodyLimit);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (signIn) await limiter.recordFailure(client);
    return authError(error, { connection: "close" });
  }
  if (!signIn) return auth.handler(limited);

  const account = signInAccount(limited.headers.get("content-type"), await limited.clone().text());
  if (account === null) {
    await limiter.recordFailure(client);
    return authError(unsupportedMediaType(`Sign-in takes ${signInMediaTypes.join(" or ")}`), {});
  }
  const gate = await limiter.begin(client, account);
  if ("retryAfter" in gate) {
    return authError(rateLimited(`Too many failed sign-ins. Try again in ${Math.ceil(gate.retryAfter / 60)} min.`), {
      "retry-after": String(gate.retryAfter),
    });
  }
  const response = await auth.handler(limited);
  if (response.ok) {
    await limiter.succeeded(gate.attempt);
    return response;
  }
  return response.status === 401 || response.status === 403
    ? Response.json(invalidCredentials, { status: 401 })
    : response;
}
