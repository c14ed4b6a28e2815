import { first } from "../../db/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { auditEvents, environments, projects, releases } from "../../db/schema";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { createCaller } from "../trpc/router";
import { getOverview } from "../queries/overview";
import { postRelease } from "../http/endpoints";
import { createProject } from "./create-project";
import { renameProject } from "./rename-project";
import { archiveProject } from "./archive-project";
import { applyPipelinePreset } from "./apply-pipeline-preset";
import { createRelease } from "./create-release";
import { recordCheckResult } from "./record-check-result";
import { createProjectToken } from "./create-project-token";
import { givenProject } from "../testing/fixtures";
import { liveParts } from "../runtime";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const rita = userActor("release_manager", "Rita");
const where = async (version: string) => {
  const row = await first(
    t.db
      .select({ env: environments.slug })
      .from(releases)
      .innerJoin(environments, eq(environments.id, releases.environmentId))
      .where(eq(releases.version, version)),
  );
  return row?.env;
};
const auditCount = async () => (await first(t.db.select({ n: count() }).from(auditEvents)))!.n;

describe("projects", () => {
  it("a new project starts with four environments in continuous delivery, and its address is unique", async () => {
    const ctx = testContext(t.db, rita);
    await createProject({ ctx, input: { slug: "shop", name: "Shop" } });
    const pipeline = await t.db.select().from(environments).orderBy(environments.position);
    expect(pipeline.map((e) => [e.name, e.autoPromote, e.requiredSignoffs])).toEqual([
      ["Development", true, 0],
      ["QA", true, 0],
      ["Staging", true, 0],
      ["Production", false, 1],
    ]);
    await expect(createProject({ ctx, input: { slug: "shop", name: "Other" } })).rejects.toThrow(/exists already/);
    await expect(createProject({ ctx, input: { slug: "Bad Slug", name: "" } })).rejects.toThrow(/2 problems/);
    await expect(
      createProject({ ctx: testContext(t.db, userActor("viewer")), input: { slug: "mine", name: "Mine" } }),
    ).rejects.toThrow(/may not edit pipelines/);
    expect(await t.db.select().from(projects)).toHaveLength(1);
  });

  it("renames with an audit entry, and a rename to the same name writes nothing", async () => {
    const ctx = testContext(t.db, rita);
    await createProject({ ctx, input: { slug: "shop", name: "Shop" } });
    const before = await auditCount();
    expect(await renameProject({ ctx, input: { project: "shop", name: "Shop front" } })).toEqual({ changed: true });
    expect(await renameProject({ ctx, input: { project: "shop", name: "Shop front" } })).toEqual({ changed: false });
    expect((await first(t.db.select().from(projects)))!.name).toBe("Shop front");
    expect(await auditCount()).toBe(before + 1);
  });

  it("an archived project leaves the overview and its API takes no new releases until restored", async () => {
    const ctx = testContext(t.db, rita);
    await createProject({ ctx, input: { slug: "shop", name: "Shop" } });
    const token = (await createProjectToken({ ctx, input: { project: "shop", name: "ci" } })).token;
    const post = (version: string) =>
      postRelease(
        t.db,
        new Request("http://x/api/v1/projects/shop/releases", {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ version }),
        }),
        "shop",
      );
    await archiveProject({ ctx, input: { project: "shop", archived: true } });
    expect(await getOverview(t.db)).toEqual([]);
    const refused = await post("1.0");
    expect(refused.status).toBe(409);
    expect((await refused.json()).detail).toMatch(/archived/);
    expect(await t.db.select().from(releases)).toEqual([]);

    await archiveProject({ ctx, input: { project: "shop", archived: false } });
    expect((await getOverview(t.db)).map((p) => p.project.slug)).toEqual(["shop"]);
    expect((await post("1.0")).status).toBe(201);
  });
});

describe("presets", () => {
  async function manualPipeline() {
    const ctx = testContext(t.db, rita);
    await givenProject(ctx, { slug: "shop", name: "Shop" }, [
      { slug: "dev", name: "Dev" },
      { slug: "qa", name: "QA", requiredChecks: ["unit"] },
      { slug: "staging", name: "Staging" },
      { slug: "prod", name: "Prod" },
    ]);
    await createRelease({ ctx, input: { project: "shop", version: "1.0" } });
    await recordCheckResult({
      ctx,
      input: { project: "shop", version: "1.0", environment: "dev", check: "unit", status: "passed" },
    });
    return ctx;
  }

  it("continuous delivery pulls a release with passing checks forward at once, and stops before the last environment", async () => {
    const ctx = await manualPipeline();
    expect(await where("1.0")).toBe("dev");
    const result = await applyPipelinePreset({ ctx, input: { project: "shop", preset: "continuous-delivery" } });
    expect(result.autoPromoted).toBe(2);
    expect(await where("1.0")).toBe("staging");
    const change = (await first(t.db.select().from(auditEvents).where(eq(auditEvents.kind, "pipeline.changed"))))!;
    expect(change.summary).toBe("Rita applied the Continuous delivery preset to the pipeline of Shop");
  });

  it("continuous deployment goes all the way", async () => {
    const ctx = await manualPipeline();
    await applyPipelinePreset({ ctx, input: { project: "shop", preset: "continuous-deployment" } });
    expect(await where("1.0")).toBe("prod");
  });
});

describe("the pipeline editor's procedures", () => {
  it("saves a reordered pipeline, keeps the project of the address, and reports problems by field", async () => {
    const ctx = testContext(t.db, rita);
    await createProject({ ctx, input: { slug: "shop", name: "Shop" } });
    const caller = createCaller({ db: t.db, ...liveParts(t.db), actor: rita });
    const { file } = await caller.settings.pipeline({ project: "shop" });
    const [dev, qa, ...rest] = file.environments;
    await caller.settings.savePipeline({
      project: "shop",
      file: { ...file, project: "elsewhere", environments: [qa!, dev!, ...rest] },
    });
    const after = await caller.settings.pipeline({ project: "shop" });
    expect(after.file.environments.map((e) => e.slug)).toEqual(["qa", "dev", "staging", "production"]);
    expect((await t.db.select().from(projects)).map((p) => p.slug)).toEqual(["shop"]);

    const bad = {
      ...file,
      environments: [
        { ...dev!, requiredSignoffs: -1 },
        { ...qa!, name: "", freezeWindows: [{ weekly: [], from: "25:00", to: "10:00", timeZone: "Mars/Base" }] },
      ],
    };
    type Refusal = { cause?: { details?: { fields?: { path: string }[] } } };
    const error: Refusal = await caller.settings.savePipeline({ project: "shop", file: bad }).then(
      () => ({}),
      (e: Refusal) => e,
    );
    expect(error.cause?.details?.fields?.map((f) => f.path).sort()).toEqual([
      "environments.0.requiredSignoffs",
      "environments.1.freezeWindows.0.from",
      "environments.1.freezeWindows.0.timeZone",
      "environments.1.freezeWindows.0.weekly",
      "environments.1.name",
    ]);
  });

  it("refuses to remove an environment that holds releases, and says which", async () => {
    const ctx = testContext(t.db, rita);
    await createProject({ ctx, input: { slug: "shop", name: "Shop", preset: "manual" } });
    await createRelease({ ctx, input: { project: "shop", version: "1.0" } });
    const caller = createCaller({ db: t.db, ...liveParts(t.db), actor: rita });
    const { file, occupied } = await caller.settings.pipeline({ project: "shop" });
    expect(occupied).toEqual({ dev: 1 });
    await expect(
      caller.settings.savePipeline({ project: "shop", file: { ...file, environments: file.environments.slice(1) } }),
    ).rejects.toThrow("cannot remove environment dev: it holds 1 release (1.0)");
  });
});
