import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { givenProject } from "../testing/fixtures";
import { createProjectToken } from "../services/create-project-token";
import { createRelease } from "../services/create-release";
import { moveRelease } from "../services/move-release";
import { routeApi } from "./routes";

let t: TestDb;
let token: string;

beforeEach(async () => {
  t = await createTestDb();
  const ctx = testContext(t.db, userActor("admin", "Ada Admin"), new Date("2026-06-01T09:00:00Z"));
  await givenProject(ctx, "api", [
    { slug: "staging", name: "Staging" },
    { slug: "production", name: "Production" },
  ]);
  token = (await createProjectToken({ ctx, input: { project: "api", name: "ci" } })).token;
  await createRelease({ ctx, input: { project: "api", version: "1.0.0", committedAt: "2026-06-01T08:00:00Z" } });
  ctx.setNow(new Date("2026-06-01T10:00:00Z"));
  await moveRelease({ ctx, input: { project: "api", version: "1.0.0", to: "production" } });
});
afterEach(() => t.close());

const get = (query: string) =>
  routeApi(
    t.db,
    new Request(`http://localhost:3000/api/v1/projects/api/insights${query}`, {
      headers: { authorization: `Bearer ${token}` },
    }),
  );

it("answers the four keys in seconds and 0–1, with their levels", async () => {
  const response = await get("?from=2026-06-01&to=2026-06-08");
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({
    project: "api",
    from: "2026-06-01T00:00:00.000Z",
    to: "2026-06-08T00:00:00.000Z",
    deploymentFrequency: {
      total: 1,
      perDay: 1 / 7,
      perWeek: [
        { weekStart: "2026-06-01", count: 1 },
        { weekStart: "2026-06-08", count: 0 },
      ],
    },
    leadTime: { median: 7200, p90: 7200, releases: 1, withoutCommitTime: 0 },
    changeFailureRate: 0,
    recoveryTime: { median: null },
    flow: {
      environments: [
        { slug: "staging", median: 3600, p90: 3600 },
        { slug: "production", median: null, p90: null },
      ],
      signoffWait: { median: null, p90: null, count: 0 },
      gates: ["checks", "soak", "freeze", "lock"].map((gate) => ({
        gate,
        count: 0,
        of: 1,
        total: 0,
        median: null,
        p90: null,
      })),
    },
    levels: { deploymentFrequency: "high", leadTime: "elite", changeFailureRate: "elite", recoveryTime: null },
  });
});

it("refuses a range that is not a time, backwards or too long, with the reason", async () => {
  for (const [query, detail] of [
    ["?from=last-week", "ISO 8601"],
    ["?from=2026-06-08&to=2026-06-01", "before"],
    ["?from=2020-01-01&to=2026-06-01", "at most 400 days"],
    ["?days=0", "whole number"],
  ] as const) {
    const response = await get(query);
    expect(response.status).toBe(422);
    expect(((await response.json()) as { detail: string }).detail).toContain(detail);
  }
});
