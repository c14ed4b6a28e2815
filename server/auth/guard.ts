import { HttpProblem } from "../http/problem";
import { authBodyLimit, withBodyLimit } from "../http/body-limits";
import { clientIpHeader, type Auth } from "./auth";
import type { LoginLimiter } from "./login-limiter";

const invalidCredentials = { code: "INVALID_EMAIL_OR_PASSWORD", message: "Invalid email or password" };

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
    if (!(error instanceof HttpProblem)) throw error;
    if (signIn) limiter.recordFailure(client);
    return Response.json({ code: "PAYLOAD_TOO_LARGE", message: error.problem.detail }, { status: error.problem.status, headers: { connection: "close" } });
  }
  if (!signIn) return auth.handler(limited);

  const gate = limiter.begin(client, emailOf(await limited.clone().text()));
  if ("retryAfter" in gate) {
    return Response.json(
      { code: "TOO_MANY_ATTEMPTS", message: `Too many failed sign-ins. Try again in ${Math.ceil(gate.retryAfter / 60)} min.` },
      { status: 429, headers: { "retry-after": String(gate.retryAfter) } },
    );
  }
  const response = await auth.handler(limited);
  if (response.ok) {
    limiter.succeeded(gate.attempt);
    return response;
  }
  return response.status === 401 || response.status === 403 ? Response.json(invalidCredentials, { status: 401 }) : response;
}
