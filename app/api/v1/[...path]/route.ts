import { routeApi } from "@/server/http/routes";
import { runtime } from "@/server/runtime";

export const dynamic = "force-dynamic";

/** The public API when Next serves on its own; `server/main.ts` (npm start, demo, dev) answers /api/v1 before Next. */
function handler(request: Request) {
  return routeApi(runtime().db, request);
}

export { handler as GET, handler as POST };
