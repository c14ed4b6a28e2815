import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { csrfRefusal } from "@/server/http/csrf";
import { runtime } from "@/server/runtime";
import { createTrpcContext } from "@/server/trpc/context";
import { appRouter } from "@/server/trpc/router";

function handler(req: Request) {
  const refusal = csrfRefusal(req, new URL(runtime().config.baseUrl).origin);
  if (refusal) {
    return Response.json({ error: { message: refusal, code: "FORBIDDEN" } }, { status: 403 });
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createTrpcContext({ headers: req.headers }),
  });
}

export { handler as GET, handler as POST };
