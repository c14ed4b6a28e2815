import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { givenProject } from "../testing/fixtures";
import { createProjectToken } from "../services/create-project-token";
import { createRelease } from "../services/create-release";
import { moveRelease } from "../services/move-release";
import { routeApi } from "./routes";

let t: TestDb;
let token: string;
let otherToken: string;
const moment = (hhmm: string) => new Date(`2026-06-01T${hhmm}:00Z`);

beforeEach(async () => {
  t = await createTestDb();
  const ctx = testContext(t.db, userActor("admin", "Ada Admin"), moment("09:00"));
  await givenProject(ctx, "api", [
    { slug: "staging", name: "Staging" },
    { slug: "production", name: "Production" },
  ]);
  await givenProject(ctx, "other", [{ slug: "dev", name: "Development" }]);
  token = (await createProjectToken({ ctx, input: { project: "api", name: "ci" } })).token;
  otherToken = (await createProjectToken({ ctx, input: { project: "other", name: "ci" } })).token;
  await createRelease({ ctx, input: { project: "api", version: "1.0.0" } });
  ctx.setNow(moment("10:00"));
  await moveRelease({ ctx, input: { project: "api", version: "1.0.0", to: "production" } });
  ctx.setNow(moment("10:30"));
  await createRelease({ ctx, input: { project: "api", version: "1.1.0" } });
});
afterEach(() => t.close());

const get = (query: string, bearer = token) =>
  routeApi(
    t.db,
    new Request(`http://localhost:3000/api/v1/projects/api/board${query}`, {
      headers: { authorization: `Bearer ${bearer}` },
    }),
  );

it("answers what runs where now, and as it stood at a moment", async () => {
  const now = await get("");
  expect(now.status).toBe(200);
  const body = (await now.json()) as { environments: { slug: string; releases: { version: string }[] }[] };
  expect(body.environments.map((e) => [e.slug, e.releases.map((r) => r.version)])).toEqual([
    ["staging", ["1.1.0"]],
    ["production", ["1.0.0"]],
  ]);

  const then = await get("?at=2026-06-01T09:30:00Z");
  expect(await then.json()).toEqual({
    at: "2026-06-01T09:30:00.000Z",
    environments: [
      {
        slug: "staging",
        name: "Staging",
        locked: false,
        frozen: false,
        releases: [
          {
            version: "1.0.0",
            status: "none",
            since: "2026-06-01T09:00:00.000Z",
            held: false,
            deploy: null,
            checks: [],
          },
        ],
      },
      { slug: "production", name: "Production", locked: false, frozen: false, releases: [] },
    ],
  });
});

it("refuses a time that is not ISO 8601 with 422, and another project's token with 401", async () => {
  const bad = await get("?at=yesterday");
  expect(bad.status).toBe(422);
  expect(((await bad.json()) as { detail: string }).detail).toContain("ISO 8601");
  expect((await get("", otherToken)).status).toBe(401);
});
