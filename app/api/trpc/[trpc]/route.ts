import { runtime } from "@/server/runtime";
import { createTrpcContext } from "@/server/trpc/context";
import { handleTrpc } from "@/server/trpc/handler";

/** CSRF, body and batch limits: server/trpc/handler.ts. */
function handler(req: Request) {
  return handleTrpc(req, {
    ownOrigin: new URL(runtime().config.baseUrl).origin,
    createContext: (headers) => createTrpcContext({ headers }),
  });
}

export { handler as GET, handler as POST };
