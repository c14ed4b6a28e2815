import { toNextJsHandler } from "better-auth/next-js";
import { clientIpHeader } from "@/server/auth/auth";
import { runtime } from "@/server/runtime";

export const dynamic = "force-dynamic";

function handlers() {
  return toNextJsHandler(runtime().auth);
}

export function GET(request: Request) {
  return handlers().GET(request);
}

/** Sign-in attempts pass the failed-login limiter first; everything else goes straight to better-auth. */
export async function POST(request: Request) {
  const { loginLimiter } = runtime();
  const signIn = new URL(request.url).pathname.endsWith("/sign-in/email");
  const client = request.headers.get(clientIpHeader) ?? "unknown";
  if (signIn) {
    const wait = loginLimiter.retryAfter(client);
    if (wait > 0) {
      return Response.json(
        { code: "TOO_MANY_ATTEMPTS", message: `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} min.` },
        { status: 429, headers: { "retry-after": String(wait) } },
      );
    }
  }
  const response = await handlers().POST(request);
  if (signIn && response.status === 401) loginLimiter.recordFailure(client);
  return response;
}
