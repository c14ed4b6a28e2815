import { writeTransaction as writeTx } from "../../db/client";
import { first as firstRow } from "../../db/client";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { projectTokens } from "../../db/schema";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { givenProject } from "../testing/fixtures";
import { createProjectToken } from "./create-project-token";
import { createRelease } from "./create-release";
import { postResult } from "../http/endpoints";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

it("records a token's last use as a time, written at most once a minute", async () => {
  const ctx = testContext(t.db, userActor("admin"), new Date());
  await givenProject(ctx, "api", [{ slug: "dev", name: "Development" }]);
  const { token } = await createProjectToken({ ctx, input: { project: "api", name: "ci" } });
  await createRelease({ ctx, input: { project: "api", version: "1.0.0" } });
  const post = () =>
    postResult(
      t.db,
      new Request("http://localhost:3000/api/v1/projects/api/releases/1.0.0/results", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ environment: "dev", check: "unit", status: "passed" }),
      }),
      "api",
      "1.0.0",
    );
  expect((await firstRow(t.db.select().from(projectTokens)))!.lastUsedAt).toBeNull();
  const before = Date.now();
  expect((await post()).status).toBe(201);
  const first = (await firstRow(t.db.select().from(projectTokens)))!.lastUsedAt!;
  expect(first).toBeInstanceOf(Date);
  expect(first.getTime()).toBeGreaterThanOrEqual(before);
  expect((await post()).status).toBe(201);
  expect((await firstRow(t.db.select().from(projectTokens)))!.lastUsedAt).toEqual(first);
  // A minute later it is written again.
  await writeTx(t.db, async (tx) => {
    await tx
      .update(projectTokens)
      .set({ lastUsedAt: new Date(first.getTime() - 61_000) })
      .where(eq(projectTokens.name, "ci"));
  });
  expect((await post()).status).toBe(201);
  expect((await firstRow(t.db.select().from(projectTokens)))!.lastUsedAt!.getTime()).toBeGreaterThanOrEqual(
    first.getTime(),
  );
});
