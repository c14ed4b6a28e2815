import type { Db } from "../db/client";
import type { Actor } from "../server/domain/permissions";
import { givenProject } from "../server/testing/fixtures";
import { createRelease } from "../server/services/create-release";
import { moveRelease } from "../server/services/move-release";

const admin: Actor = { type: "user", id: "e2e-setup", name: "E2E set-up", role: "admin" };

/** A moment `days` before today's midnight UTC plus `hours`: the server and the spec agree on it. */
export function daysAgo(days: number, hours = 0): Date {
  const today = new Date();
  const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return new Date(midnight - days * 86_400_000 + hours * 3_600_000);
}

/**
 * "Delivery": three go-lives in the last three weeks, one of them rolled back an hour later, and
 * one release a hundred days ago (inside 365 days, outside 30).
 */
export async function seedInsightsProject(db: Db) {
  let now = daysAgo(100, 9);
  const ctx = { db, actor: admin, now: () => now };
  const project = "delivery";
  await givenProject(ctx, { slug: project, name: "Delivery" }, [
    { slug: "staging", name: "Staging" },
    { slug: "production", name: "Production" },
  ]);
  const at = async (when: Date, work: () => Promise<unknown>) => {
    now = when;
    await work();
  };
  const ship = async (version: string, created: Date, live: Date) => {
    await at(created, () => createRelease({ ctx, input: { project, version } }));
    await at(live, () => moveRelease({ ctx, input: { project, version, to: "production" } }));
  };
  await ship("0.9.0", daysAgo(100, 9), daysAgo(100, 12));
  await ship("1.0.0", daysAgo(20, 9), daysAgo(20, 11));
  await ship("1.1.0", daysAgo(13, 9), daysAgo(13, 10));
  await at(daysAgo(13, 11), () =>
    moveRelease({ ctx, input: { project, version: "1.0.0", to: "production", rollback: true, reason: "bad 1.1.0" } }),
  );
  await ship("1.2.0", daysAgo(6, 9), daysAgo(6, 13));
}
