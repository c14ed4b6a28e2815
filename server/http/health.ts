import { probeStorage } from "../engine";
import { readiness as databaseReadiness, type Readiness } from "../queries/readiness";
import { runtime } from "../runtime";

/** How often, at most, a readiness check tries a write while writes are failing. */
const probeEveryMs = 1_000;

/**
 * GET /api/ready (app/api/ready/route.ts). While writes fail it also tries one now and then
 * (server/engine/storage.ts), so the answer turns 200 by itself once they succeed again,
 * even when the load balancer has stopped sending the writes that would have shown it.
 */
export async function readiness(): Promise<Readiness> {
  try {
    const { db } = runtime();
    if (db.$health.probeDue(probeEveryMs)) await probeStorage(db);
    return await databaseReadiness(db);
  } catch (error) {
    return { status: "not ready", reason: error instanceof Error ? error.message : "database unavailable" };
  }
}
