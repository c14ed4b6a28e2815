import { readiness } from "@/server/http/health";

export const dynamic = "force-dynamic";

/** Readiness: the database answers and every migration of this build is applied. */
export function GET() {
  const ready = readiness();
  return Response.json(ready, {
    status: ready.status === "ready" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
