import { afterAll, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { environments, releases } from "../../db/schema";
import { createTestDb } from "../testing/test-db";
import { seedDemo } from "./seed";

const opened: { close: () => void }[] = [];
afterAll(() => opened.forEach((t) => t.close()));

async function placement(end: Date) {
  const t = await createTestDb();
  opened.push(t);
  await seedDemo(t.db, end);
  return await t.db
    .select({ version: releases.version, state: releases.state, environment: environments.slug })
    .from(releases)
    .innerJoin(environments, eq(environments.id, releases.environmentId));
}

it("puts every release in the same place whatever day of the week it is seeded", async () => {
  const monday = await placement(new Date("2026-06-08T10:00:00Z"));
  for (const day of ["2026-06-10T23:00:00Z", "2026-06-12T16:30:00Z", "2026-06-14T08:00:00Z"]) {
    expect(await placement(new Date(day))).toEqual(monday);
  }
  // The known cards the end-to-end tests look for.
  expect(monday).toContainEqual({ version: "2.11.0", state: "active", environment: "staging" });
  expect(monday).toContainEqual({ version: "2.9.0", state: "active", environment: "qa" });
});
