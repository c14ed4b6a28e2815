import { afterEach, beforeEach, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditEvents, teamMembers, teams } from "../../db/schema";
import { systemActor } from "../domain/permissions";
import { createTestDb, userActor, type TestDb } from "../testing/test-db";
import { addUser } from "./add-user";
import { createTeam } from "./create-team";
import { addTeamMembers } from "./add-team-members";
import { syncSsoTeams } from "./sync-sso-teams";

let t: TestDb;
let ana: string;
beforeEach(async () => {
  t = await createTestDb();
  const ctx = { db: t.db, actor: userActor("admin", "Ada") };
  ana = (
    await addUser({
      ctx,
      input: {
        email: "ana@example.com",
        name: "Ana",
        role: "business_owner",
        password: "correct horse battery staple 42",
      },
    })
  ).id;
  await createTeam({ ctx, input: { slug: "finance", name: "Finance", ssoGroup: "fin-approvers" } });
  await createTeam({ ctx, input: { slug: "sre", name: "SRE", ssoGroup: "sre" } });
  await createTeam({ ctx, input: { slug: "product", name: "Product" } });
  await addTeamMembers({ ctx, input: { team: "sre", emails: ["ana@example.com"] } });
  await addTeamMembers({ ctx, input: { team: "product", emails: ["ana@example.com"] } });
});
afterEach(() => t.close());

const teamsOf = async (userId: string) =>
  (
    await t.db
      .select({ slug: teams.slug })
      .from(teamMembers)
      .innerJoin(teams, eq(teams.id, teamMembers.teamId))
      .where(eq(teamMembers.userId, userId))
  )
    .map((r) => r.slug)
    .sort();

it("mirrors the provider's groups into teams that name one, and leaves the others alone", async () => {
  const result = await syncSsoTeams({
    ctx: { db: t.db, actor: systemActor },
    input: { userId: ana, groups: ["fin-approvers", "staff"] },
  });
  expect(result).toEqual({ added: ["finance"], removed: ["sre"] });
  expect(await teamsOf(ana)).toEqual(["finance", "product"]);
  const logged = (await t.db.select({ summary: auditEvents.summary }).from(auditEvents)).map((e) => e.summary);
  expect(logged).toContain("Ana added to Finance from single sign-on (group fin-approvers)");
  expect(logged).toContain("Ana removed from SRE from single sign-on (group sre)");
  // The same groups again change nothing.
  expect(
    await syncSsoTeams({ ctx: { db: t.db, actor: systemActor }, input: { userId: ana, groups: ["fin-approvers"] } }),
  ).toEqual({ added: [], removed: [] });
});
