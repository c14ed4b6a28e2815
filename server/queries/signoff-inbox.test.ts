import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { givenPerson, givenProject } from "../testing/fixtures";
import { createRelease } from "../services/create-release";
import { moveRelease } from "../services/move-release";
import { recordCheckResult } from "../services/record-check-result";
import { lockEnvironment } from "../services/lock-environment";
import { signOff } from "../services/sign-off";
import { createTeam } from "../services/create-team";
import { addTeamMembers } from "../services/add-team-members";
import { getSignoffInbox, getSignoffInboxPage } from "./signoff-inbox";

/**
 * README: Sign-offs. A project's candidates are kept between requests while its activity does
 * not move; these check that what a person sees is what a fresh reading would show.
 */

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const start = new Date("2026-06-01T09:00:00Z");

async function setUp() {
  const ctx = testContext(t.db, userActor("admin", "Ada"), start);
  const people = {
    ana: (await givenPerson(ctx, "Ana Lopez", "business_owner", "ana@example.com")).actor,
    bo: (await givenPerson(ctx, "Bo", "business_owner")).actor,
    pia: (await givenPerson(ctx, "Pia", "business_owner")).actor,
  };
  await createTeam({ ctx, input: { slug: "finance", name: "Finance" } });
  await addTeamMembers({ ctx, input: { team: "finance", emails: ["ana@example.com"] } });
  await givenProject(ctx, "shop", [
    { slug: "dev", name: "Development" },
    { slug: "staging", name: "Staging" },
    { slug: "production", name: "Production", requiredChecks: ["smoke"], requiredSignoffs: 2, minSoakMinutes: 30 },
  ]);
  await givenProject(ctx, "bank", [
    { slug: "dev", name: "Development" },
    { slug: "production", name: "Production", approvals: [{ team: "finance", count: 1 }] },
  ]);
  const arrive = async (project: string, version: string, to: string) => {
    await createRelease({ ctx, input: { project, version } });
    if (to !== "dev") await moveRelease({ ctx, input: { project, version, to } });
  };
  await arrive("shop", "1.0.0", "staging");
  await arrive("bank", "7.0.0", "dev");
  const as = (actor: (typeof people)[keyof typeof people]) => ({ ...ctx, actor });
  return { ctx, people, as };
}

const inbox = async (userId: string, now: Date) =>
  (await getSignoffInbox(t.db, userId, now)).map((i) => ({
    item: `${i.project.slug} ${i.release.version}`,
    approvals: i.approvals,
    unmet: i.gates.filter((g) => !g.met).map((g) => g.gate),
  }));

describe("the sign-off inbox, kept while nothing changed", () => {
  it("shows a change to a project at once, and judges the gates at the moment it is asked", async () => {
    const { ctx, people, as } = await setUp();
    const now = start;
    const shop = { item: "shop 1.0.0", approvals: [] as string[] };
    expect(await inbox(people.bo.id, now)).toEqual([{ ...shop, unmet: ["checks", "signoffs", "soak"] }]);
    // Time alone: the soak ends, with nothing written.
    const later = new Date(now.getTime() + 31 * 60_000);
    expect(await inbox(people.bo.id, later)).toEqual([{ ...shop, unmet: ["checks", "signoffs"] }]);
    ctx.setNow(later);
    await recordCheckResult({
      ctx,
      input: { project: "shop", version: "1.0.0", environment: "staging", check: "smoke", status: "passed" },
    });
    expect(await inbox(people.bo.id, later)).toEqual([{ ...shop, unmet: ["signoffs"] }]);
    await lockEnvironment({ ctx, input: { project: "shop", environment: "production", reason: "incident 7" } });
    expect(await inbox(people.bo.id, later)).toEqual([{ ...shop, unmet: ["signoffs", "lock"] }]);
    await signOff({
      ctx: as(people.ana),
      input: { project: "shop", version: "1.0.0", environment: "production", decision: "approve" },
    });
    expect(await inbox(people.bo.id, later)).toEqual([
      { ...shop, approvals: ["Ana Lopez <ana@example.com>"], unmet: ["signoffs", "lock"] },
    ]);
    await createRelease({ ctx, input: { project: "shop", version: "1.1.0" } });
    await moveRelease({ ctx, input: { project: "shop", version: "1.1.0", to: "staging" } });
    expect((await inbox(people.bo.id, later)).map((i) => i.item)).toEqual(["shop 1.0.0", "shop 1.1.0"]);
    // Pages agree with the whole list.
    const page = await getSignoffInboxPage(t.db, people.bo.id, { cursor: 1, limit: 1 }, later);
    expect({ total: page.total, next: page.nextCursor, versions: page.items.map((i) => i.release.version) }).toEqual({
      total: 2,
      next: null,
      versions: ["1.1.0"],
    });
  });

  it("serves each person their own inbox: their decisions and their teams, read afresh", async () => {
    const { ctx, people, as } = await setUp();
    const now = start;
    const items = async (userId: string) => (await inbox(userId, now)).map((i) => i.item);
    expect(await items(people.ana.id)).toEqual(["shop 1.0.0", "bank 7.0.0"]);
    expect(await items(people.bo.id)).toEqual(["shop 1.0.0"]);
    expect(await items(people.pia.id)).toEqual(["shop 1.0.0"]);
    await signOff({
      ctx: as(people.ana),
      input: { project: "shop", version: "1.0.0", environment: "production", decision: "reject", comment: "no" },
    });
    expect(await items(people.ana.id)).toEqual(["bank 7.0.0"]);
    expect(await items(people.bo.id)).toEqual(["shop 1.0.0"]);
    // Joining a team moves no project's activity, and still shows at once.
    await addTeamMembers({ ctx, input: { team: "finance", emails: ["pia@example.com"] } });
    expect(await items(people.pia.id)).toEqual(["shop 1.0.0", "bank 7.0.0"]);
    expect(await items(people.bo.id)).toEqual(["shop 1.0.0"]);
  });
});
