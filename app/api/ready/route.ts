import { readiness } from "@/server/http/health";

export const dynamic = "force-dynamic";

/** Readiness: the database answers and every migration of this build is applied. */
export async function GET() {
  const ready = await readiness();
  return Response.json(ready, {
    status: ready.status === "ready" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
