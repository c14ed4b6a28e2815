import type { Db } from "../db/client";
import type { Actor } from "../server/domain/permissions";
import { givenProject } from "../server/testing/fixtures";
import { createRelease } from "../server/services/create-release";
import { moveRelease } from "../server/services/move-release";
import { recordCheckResult } from "../server/services/record-check-result";
import { lockEnvironment } from "../server/services/lock-environment";
import { unlockEnvironment } from "../server/services/unlock-environment";

const admin: Actor = { type: "user", id: "e2e-setup", name: "E2E set-up", role: "admin" };

/**
 * The "history" project's moves happen at known minutes of a morning three days ago (UTC),
 * so the spec knows what the board looked like at each moment. Both the server and the spec
 * compute the same morning.
 */
export function historyMorning(minute: number): Date {
  const today = new Date();
  const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return new Date(midnight - 3 * 86_400_000 + 9 * 3_600_000 + minute * 60_000);
}

export async function seedHistoryProject(db: Db) {
  let now = historyMorning(0);
  const ctx = { db, actor: admin, now: () => now };
  const project = "history";
  await givenProject(ctx, { slug: project, name: "History" }, [
    { slug: "dev", name: "Development" },
    { slug: "qa", name: "QA" },
    { slug: "production", name: "Production" },
  ]);
  const at = async (minute: number, work: () => Promise<unknown>) => {
    now = historyMorning(minute);
    await work();
  };
  await at(0, () =>
    createRelease({
      ctx,
      input: { project, version: "1.0.0", notes: "The **first** one", changes: [{ id: "H-1", title: "Cart" }] },
    }),
  );
  await at(10, () => moveRelease({ ctx, input: { project, version: "1.0.0", to: "qa" } }));
  await at(20, () =>
    createRelease({
      ctx,
      input: {
        project,
        version: "1.1.0",
        notes: "The second one",
        changes: [
          { id: "H-2", title: "Checkout" },
          { id: "H-1", title: "Cart" },
        ],
      },
    }),
  );
  await at(30, () => lockEnvironment({ ctx, input: { project, environment: "production", reason: "INC-7 outage" } }));
  await at(40, () => unlockEnvironment({ ctx, input: { project, environment: "production" } }));
  await at(41, () => moveRelease({ ctx, input: { project, version: "1.0.0", to: "production" } }));
  await at(50, () => moveRelease({ ctx, input: { project, version: "1.1.0", to: "qa" } }));
  await at(55, () =>
    recordCheckResult({
      ctx,
      input: { project, version: "1.1.0", environment: "qa", check: "e2e", status: "failed", tests: 12, failures: 3 },
    }),
  );
  await at(65, () =>
    recordCheckResult({
      ctx,
      input: { project, version: "1.1.0", environment: "qa", check: "e2e", status: "passed", tests: 12, failures: 0 },
    }),
  );
  await at(70, () => moveRelease({ ctx, input: { project, version: "1.1.0", to: "production" } }));
}
