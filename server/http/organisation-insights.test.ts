import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { givenProject } from "../testing/fixtures";
import { addUser } from "../services/add-user";
import { createPersonalToken } from "../services/create-personal-token";
import { createProjectToken } from "../services/create-project-token";
import { createRelease } from "../services/create-release";
import { moveRelease } from "../services/move-release";
import { revokePersonalToken } from "../services/revoke-personal-token";
import type { Actor } from "../domain/permissions";
import { routeApi } from "./routes";

let t: TestDb;
let personal: string;
let personalId: number;
let projectToken: string;
const admin = userActor("admin", "Ada Admin");

beforeEach(async () => {
  t = await createTestDb();
  const ctx = testContext(t.db, admin, new Date("2026-06-01T09:00:00Z"));
  for (const slug of ["api", "web"])
    await givenProject(ctx, slug, [
      { slug: "staging", name: "Staging" },
      { slug: "production", name: "Production" },
    ]);
  await addUser({
    ctx,
    input: { id: "vic", email: "vic@example.com", name: "Vic", role: "viewer", password: "correct horse battery 42" },
  });
  ({ token: personal, id: personalId } = await createPersonalToken({
    ctx: testContext(t.db, admin, new Date()),
    input: { name: "report", email: "vic@example.com" },
  }));
  projectToken = (await createProjectToken({ ctx, input: { project: "api", name: "ci" } })).token;
  await createRelease({ ctx, input: { project: "api", version: "1.0.0", committedAt: "2026-06-01T08:00:00Z" } });
  ctx.setNow(new Date("2026-06-01T10:00:00Z"));
  await moveRelease({ ctx, input: { project: "api", version: "1.0.0", to: "production" } });
});
afterEach(() => t.close());

const get = (query: string, headers: Record<string, string> = {}, session?: Actor) =>
  routeApi(
    t.db,
    new Request(`http://localhost:3000/api/v1/insights${query}`, { headers }),
    async () => session ?? null,
  );
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

it("answers every project's row, as on the Insights page, to a personal access token", async () => {
  const response = await get("?from=2026-06-01&to=2026-06-08", bearer(personal));
  expect(response.status).toBe(200);
  const body = (await response.json()) as { from: string; to: string; projects: Record<string, unknown>[] };
  expect(body.from).toBe("2026-06-01T00:00:00.000Z");
  expect(body.to).toBe("2026-06-08T00:00:00.000Z");
  expect(body.projects.map((p) => p.project)).toEqual(["api", "web"]);
  // The project's row is what its own endpoint answers (insights-api.test.ts checks those figures).
  const own = await routeApi(
    t.db,
    new Request("http://localhost:3000/api/v1/projects/api/insights?from=2026-06-01&to=2026-06-08", {
      headers: bearer(projectToken),
    }),
  );
  const { project: _slug, from: _from, to: _to, ...figures } = (await own.json()) as Record<string, unknown>;
  expect(body.projects[0]).toEqual({ project: "api", name: "api", ...figures });
  expect(body.projects[0]).toMatchObject({ deploymentFrequency: { total: 1 }, leadTime: { median: 7200 } });
  expect(body.projects[1]).toMatchObject({
    project: "web",
    deploymentFrequency: { total: 0 },
    changeFailureRate: null,
  });
});

it("answers the signed-in session too", async () => {
  const response = await get("?from=2026-06-01&to=2026-06-08", {}, admin);
  expect(response.status).toBe(200);
  expect(((await response.json()) as { projects: unknown[] }).projects).toHaveLength(2);
});

it("refuses no credentials, a revoked token and a project token, each with the reason", async () => {
  const none = await get("?days=30");
  expect(none.status).toBe(401);
  expect(((await none.json()) as { detail: string }).detail).toContain("rbp_");

  const byProjectToken = await get("?days=30", bearer(projectToken));
  expect(byProjectToken.status).toBe(403);
  expect(((await byProjectToken.json()) as { detail: string }).detail).toContain("/api/v1/projects/{project}/insights");

  await revokePersonalToken({ ctx: testContext(t.db, admin), input: { id: personalId } });
  const revoked = await get("?days=30", bearer(personal));
  expect(revoked.status).toBe(401);
});

it("bounds the range and takes only GET", async () => {
  for (const [query, detail] of [
    ["?from=2020-01-01&to=2026-06-01", "at most 400 days"],
    ["?days=401", "whole number"],
    ["?from=soon", "ISO 8601"],
  ] as const) {
    const response = await get(query, bearer(personal));
    expect(response.status).toBe(422);
    expect(((await response.json()) as { detail: string }).detail).toContain(detail);
  }
  const post = await routeApi(
    t.db,
    new Request("http://localhost:3000/api/v1/insights", { method: "POST", headers: bearer(personal), body: "{}" }),
  );
  expect(post.status).toBe(405);
  expect(post.headers.get("allow")).toBe("GET");
});
