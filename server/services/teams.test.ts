import { first } from "../../db/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { desc } from "drizzle-orm";
import { auditEvents } from "../../db/schema";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { givenPerson } from "../testing/fixtures";
import { listTeams } from "../queries/teams";
import { createTeam } from "./create-team";
import { addTeamMembers } from "./add-team-members";
import { removeTeamMembers } from "./remove-team-members";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const admin = userActor("admin", "Ada");
const lastAudit = async () => (await first(t.db.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(1)))!;
const members = async (slug: string) =>
  (await listTeams(t.db)).find((team) => team.slug === slug)?.members.map((m) => m.name);

describe("teams (README: Teams and protected environments)", () => {
  it("an admin creates a team, adds and removes people, and each change is in the activity log", async () => {
    const ctx = testContext(t.db, admin);
    await givenPerson(ctx, "Ana", "business_owner");
    await givenPerson(ctx, "Ben", "business_owner");
    await createTeam({ ctx, input: { slug: "finance", name: "Finance" } });
    expect(await lastAudit()).toMatchObject({
      kind: "team.created",
      summary: "Ada created the team Finance (finance)",
    });

    const added = await addTeamMembers({
      ctx,
      input: { team: "finance", emails: ["ana@example.com", "BEN@example.com"] },
    });
    expect(added.added.map((p) => p.name)).toEqual(["Ana", "Ben"]);
    expect(await members("finance")).toEqual(["Ana", "Ben"]);
    expect(await lastAudit()).toMatchObject({ kind: "team.members_added", summary: "Ada added Ana, Ben to Finance" });

    // Adding someone already in the team changes nothing and records nothing.
    const before = (await lastAudit()).id;
    expect((await addTeamMembers({ ctx, input: { team: "finance", emails: ["ana@example.com"] } })).added).toEqual([]);
    expect((await lastAudit()).id).toBe(before);

    await removeTeamMembers({ ctx, input: { team: "finance", emails: ["ana@example.com"] } });
    expect(await members("finance")).toEqual(["Ben"]);
    expect(await lastAudit()).toMatchObject({ kind: "team.members_removed", summary: "Ada removed Ana from Finance" });
  });

  it("a person can be in several teams", async () => {
    const ctx = testContext(t.db, admin);
    await givenPerson(ctx, "Ana", "business_owner");
    await createTeam({ ctx, input: { slug: "finance", name: "Finance" } });
    await createTeam({ ctx, input: { slug: "product", name: "Product" } });
    await addTeamMembers({ ctx, input: { team: "finance", emails: ["ana@example.com"] } });
    await addTeamMembers({ ctx, input: { team: "product", emails: ["ana@example.com"] } });
    expect(await members("finance")).toEqual(["Ana"]);
    expect(await members("product")).toEqual(["Ana"]);
  });

  it("refuses a duplicate slug, an unknown team or person (adding nobody), and anyone but an admin", async () => {
    const ctx = testContext(t.db, admin);
    await givenPerson(ctx, "Ana", "business_owner");
    await createTeam({ ctx, input: { slug: "finance", name: "Finance" } });
    await expect(createTeam({ ctx, input: { slug: "finance", name: "Again" } })).rejects.toThrow(
      "A team finance already exists",
    );
    await expect(createTeam({ ctx, input: { slug: "Not A Slug", name: "X" } })).rejects.toThrow(
      /slug: must be lowercase/,
    );
    await expect(addTeamMembers({ ctx, input: { team: "legal", emails: ["ana@example.com"] } })).rejects.toThrow(
      'No team "legal"',
    );
    await expect(
      addTeamMembers({ ctx, input: { team: "finance", emails: ["ana@example.com", "nobody@example.com"] } }),
    ).rejects.toThrow("No user with email nobody@example.com");
    expect(await members("finance")).toEqual([]);
    for (const role of ["release_manager", "business_owner", "viewer"] as const) {
      const other = testContext(t.db, userActor(role));
      await expect(createTeam({ ctx: other, input: { slug: "sre", name: "SRE" } })).rejects.toThrow(
        /You may not manage teams/,
      );
      await expect(
        addTeamMembers({ ctx: other, input: { team: "finance", emails: ["ana@example.com"] } }),
      ).rejects.toThrow(/You may not manage teams/);
    }
  });
});
