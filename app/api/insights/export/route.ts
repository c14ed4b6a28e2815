import { exportInsightsCsv } from "@/server/http/insights-export";
import { actorFromRequest } from "@/server/auth/session";
import { runtime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const { db, auth } = runtime();
  return exportInsightsCsv(db, await actorFromRequest(auth, db, request.headers), new URL(request.url));
}
