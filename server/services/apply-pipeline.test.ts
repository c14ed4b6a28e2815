import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { applyPipeline } from "./apply-pipeline";
import { createRelease } from "./create-release";
import { getBoard } from "../queries/board";

let t: TestDb;
beforeEach(() => {
  t = createTestDb();
});
afterEach(() => t.close());

const envs = (...slugs: string[]) => slugs.map((slug) => ({ slug, name: slug.toUpperCase() }));

it("refuses to drop an environment that holds releases, and drops an empty one", () => {
  const ctx = testContext(t.db, userActor("release_manager"));
  applyPipeline({ ctx, input: { project: "p", name: "P", environments: envs("dev", "qa", "prod") } });
  createRelease({ ctx, input: { project: "p", version: "1" } });
  expect(() => applyPipeline({ ctx, input: { project: "p", name: "P", environments: envs("qa", "prod") } })).toThrow(
    "cannot remove environment dev: it holds 1 release (1)",
  );
  expect(getBoard(t.db, "p").columns.map((c) => c.environment.slug)).toEqual(["dev", "qa", "prod"]);
  applyPipeline({ ctx, input: { project: "p", name: "P", environments: envs("dev", "prod") } });
  expect(getBoard(t.db, "p").columns.map((c) => c.environment.slug)).toEqual(["dev", "prod"]);
  // Order follows the file.
  applyPipeline({ ctx, input: { project: "p", name: "P", environments: envs("prod", "dev") } });
  expect(getBoard(t.db, "p").columns.map((c) => c.environment.slug)).toEqual(["prod", "dev"]);
});

it("is for release managers and admins only", () => {
  const ctx = testContext(t.db, userActor("business_owner"));
  expect(() => applyPipeline({ ctx, input: { project: "p", name: "P", environments: envs("dev") } })).toThrow(
    /may not edit pipelines/,
  );
});
