import { routeApi } from "@/server/http/routes";
import { runtime } from "@/server/runtime";

export const dynamic = "force-dynamic";

/** The public API under `next dev`; the production server answers /api/v1 before Next (server/main.ts). */
function handler(request: Request) {
  return routeApi(runtime().db, request);
}

export { handler as GET, handler as POST };
