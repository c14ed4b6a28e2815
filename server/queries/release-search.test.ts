import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { applyPipeline } from "../services/apply-pipeline";
import { archiveProject } from "../services/archive-project";
import { createRelease } from "../services/create-release";
import { recordCheckResult } from "../services/record-check-result";
import { moveRelease } from "../services/move-release";
import { releaseSearchLimit, searchReleases } from "./release-search";
import { getBoard } from "./board";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const ctx = () => testContext(t.db, userActor("admin", "Ada"));
const pipeline = (project: string, name: string) =>
  applyPipeline({
    ctx: ctx(),
    input: {
      project,
      name,
      environments: [
        { slug: "dev", name: "Development" },
        { slug: "prod", name: "Production", requiredChecks: ["unit", "e2e"] },
      ],
    },
  });

it("finds releases by version prefix across projects, not in archived ones, bounded", async () => {
  await pipeline("shop", "Shop");
  await pipeline("search", "Search");
  await pipeline("old", "Old");
  for (const v of ["2.1.0", "2.10.0", "3.0.0", "2_1"])
    await createRelease({ ctx: ctx(), input: { project: "shop", version: v } });
  await createRelease({ ctx: ctx(), input: { project: "search", version: "2.1.5" } });
  await createRelease({ ctx: ctx(), input: { project: "old", version: "2.1.9" } });
  await archiveProject({ ctx: ctx(), input: { project: "old", archived: true } });

  const hits = await searchReleases(t.db, "2.1");
  expect(hits.map((h) => `${h.project}/${h.version}`).sort()).toEqual(["search/2.1.5", "shop/2.1.0", "shop/2.10.0"]);
  expect(hits.find((h) => h.version === "2.1.5")).toMatchObject({
    projectName: "Search",
    environmentName: "Development",
    state: "active",
  });
  // `_` is a character, not a wildcard.
  expect((await searchReleases(t.db, "2_")).map((h) => h.version)).toEqual(["2_1"]);

  for (let i = 0; i < releaseSearchLimit + 5; i++)
    await createRelease({ ctx: ctx(), input: { project: "shop", version: `9.${i}.0` } });
  expect(await searchReleases(t.db, "9.")).toHaveLength(releaseSearchLimit);
});

it("gives each card the CI run of its checks' latest results where it is", async () => {
  await pipeline("shop", "Shop");
  await createRelease({ ctx: ctx(), input: { project: "shop", version: "1.0.0" } });
  const result = (check: string, url?: string) =>
    recordCheckResult({
      ctx: ctx(),
      input: {
        project: "shop",
        version: "1.0.0",
        environment: "dev",
        check,
        status: "failed",
        ...(url ? { url } : {}),
      },
    });
  await result("unit", "https://ci.example.com/runs/1");
  await result("unit", "https://ci.example.com/runs/2");
  await result("e2e", "https://ci.example.com/runs/3");
  await result("e2e"); // the latest e2e run sent no link: the chip has none
  const card = (await getBoard(t.db, "shop")).columns[0]!.cards[0]!;
  expect(card.checkLinks).toEqual({ unit: "https://ci.example.com/runs/2" });

  await moveRelease({
    ctx: ctx(),
    input: { project: "shop", version: "1.0.0", to: "prod", override: true, reason: "test" },
  });
  expect((await getBoard(t.db, "shop")).columns[1]!.cards[0]!.checkLinks).toEqual({});
});
