import { toNextJsHandler } from "better-auth/next-js";
import { handleAuthPost } from "@/server/auth/guard";
import { runtime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return toNextJsHandler(runtime().auth).GET(request);
}

/** Body limit, sign-in limiter and one answer for every refused sign-in: server/auth/guard.ts. */
export function POST(request: Request) {
  const { auth, loginLimiter } = runtime();
  return handleAuthPost(auth, loginLimiter, request);
}
