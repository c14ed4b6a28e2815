import { actorFromRequest } from "@/server/auth/session";
import { metricsResponse } from "@/server/http/metrics";
import { runtime } from "@/server/runtime";

export const dynamic = "force-dynamic";

/** The server's counters for admins: server/http/metrics.ts. */
export async function GET(request: Request) {
  const { db, auth, live, boards } = runtime();
  return metricsResponse(db, await actorFromRequest(auth, db, request.headers), { live, boards });
}
