import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { applyPipeline } from "./apply-pipeline";
import { createRelease } from "./create-release";
import { getBoard } from "../queries/board";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const envs = (...slugs: string[]) => slugs.map((slug) => ({ slug, name: slug.toUpperCase() }));

it("refuses to drop an environment that holds releases, and drops an empty one", async () => {
  const ctx = testContext(t.db, userActor("release_manager"));
  await applyPipeline({ ctx, input: { project: "p", name: "P", environments: envs("dev", "qa", "prod") } });
  await createRelease({ ctx, input: { project: "p", version: "1" } });
  await expect(
    applyPipeline({ ctx, input: { project: "p", name: "P", environments: envs("qa", "prod") } }),
  ).rejects.toThrow("cannot remove environment dev: it holds 1 release (1)");
  expect((await getBoard(t.db, "p")).columns.map((c) => c.environment.slug)).toEqual(["dev", "qa", "prod"]);
  await applyPipeline({ ctx, input: { project: "p", name: "P", environments: envs("dev", "prod") } });
  expect((await getBoard(t.db, "p")).columns.map((c) => c.environment.slug)).toEqual(["dev", "prod"]);
  // Order follows the file.
  await applyPipeline({ ctx, input: { project: "p", name: "P", environments: envs("prod", "dev") } });
  expect((await getBoard(t.db, "p")).columns.map((c) => c.environment.slug)).toEqual(["prod", "dev"]);
});

it("is for release managers and admins only", async () => {
  const ctx = testContext(t.db, userActor("business_owner"));
  await expect(applyPipeline({ ctx, input: { project: "p", name: "P", environments: envs("dev") } })).rejects.toThrow(
    /may not edit pipelines/,
  );
});
