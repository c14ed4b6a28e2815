import { writeTransaction as writeTx } from "../../db/client";
import { liveParts } from "../runtime";
import { afterEach, beforeEach, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { sessions } from "../../db/schema";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { givenPerson, givenProject } from "../testing/fixtures";
import { createCaller } from "./router";

/** The People page and the settings editor's protections, through the procedures the pages call. */

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const admin = userActor("admin", "Ada");
const as = () => createCaller({ db: t.db, ...liveParts(t.db), actor: admin });

it("lists people with their teams; role, disable (sessions end) and enable; teams and membership", async () => {
  const ctx = testContext(t.db, admin);
  const { user: ana } = await givenPerson(ctx, "Ana", "business_owner");
  await writeTx(t.db, async (tx) => {
    await tx
      .insert(sessions)
      .values({
        id: "s1",
        token: "digest",
        userId: ana.id,
        expiresAt: new Date(Date.now() + 86_400_000),
        createdAt: new Date(),
        updatedAt: new Date(),
      });
  });
  await as().people.createTeam({ slug: "finance", name: "Finance" });
  await as().people.addMembers({ team: "finance", emails: ["ana@example.com"] });
  expect((await as().people.list()).users).toEqual([
    expect.objectContaining({ name: "Ana", role: "business_owner", teams: [{ slug: "finance", name: "Finance" }] }),
  ]);
  await as().people.setRole({ email: "ana@example.com", role: "viewer" });
  expect(await as().people.disable({ email: "ana@example.com" })).toBe(1);
  expect(await t.db.select().from(sessions).where(eq(sessions.userId, ana.id))).toEqual([]);
  expect((await as().people.list()).users[0]).toMatchObject({ role: "viewer", disabledAt: expect.any(Date) });
  await as().people.enable({ email: "ana@example.com" });
  await as().people.removeMembers({ team: "finance", emails: ["ana@example.com"] });
  expect((await as().people.list()).users[0]).toMatchObject({ disabledAt: null, teams: [] });
  expect((await as().people.list()).teams).toEqual([{ slug: "finance", name: "Finance", ssoGroup: null, members: [] }]);
});

it("the settings editor saves protections, and refuses a team that does not exist at its field", async () => {
  const ctx = testContext(t.db, admin);
  await givenProject(ctx, "shop", [
    { slug: "staging", name: "Staging" },
    { slug: "production", name: "Production" },
  ]);
  await as().people.createTeam({ slug: "sre", name: "SRE" });
  const environments = (production: Record<string, unknown>) => [
    { slug: "staging", name: "Staging" },
    { slug: "production", name: "Production", ...production },
  ];
  await expect(
    as().settings.savePipeline({
      project: "shop",
      file: { name: "shop", environments: environments({ promoters: ["sre", "nosuch"] }) },
    }),
  ).rejects.toMatchObject({
    message: 'environments.1.promoters.1: no team "nosuch" (create it with releaseboard team create)',
  });
  await as().settings.savePipeline({
    project: "shop",
    file: { name: "shop", environments: environments({ promoters: ["sre"], separateDuties: true }) },
  });
  const saved = (await as().settings.pipeline({ project: "shop" })).file.environments[1];
  expect(saved).toMatchObject({ promoters: ["sre"], separateDuties: true });
});
