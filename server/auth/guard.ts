import { DomainError, errorStatus, rateLimited } from "../errors";
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

function emailOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { email?: unknown };
    return typeof parsed.email === "string" ? parsed.email.trim().toLowerCase() : "";
  } catch {
    return "";
  }
}

/**
 * Every POST to /api/auth/*: the body is read within 16 KiB before better-auth parses it
 * (413 beyond, and an oversized sign-in counts as a failed one); sign-ins pass the
 * limiter, which counts them before the password is checked; and a refused sign-in gets
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
    if (signIn) limiter.recordFailure(client);
    return authError(error, { connection: "close" });
  }
  if (!signIn) return auth.handler(limited);

  const gate = limiter.begin(client, emailOf(await limited.clone().text()));
  if ("retryAfter" in gate) {
    return authError(rateLimited(`Too many failed sign-ins. Try again in ${Math.ceil(gate.retryAfter / 60)} min.`), {
      "retry-after": String(gate.retryAfter),
    });
  }
  const response = await auth.handler(limited);
  if (response.ok) {
    limiter.succeeded(gate.attempt);
    return response;
  }
  return response.status === 401 || response.status === 403
    ? Response.json(invalidCredentials, { status: 401 })
    : response;
}
