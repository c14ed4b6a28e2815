import { first } from "../../db/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { desc, eq } from "drizzle-orm";
import { releases, transitions } from "../../db/schema";
import type { Role } from "../domain/permissions";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { givenPerson, givenProject } from "../testing/fixtures";
import { getBoard } from "../queries/board";
import { getReleaseDetail } from "../queries/release-detail";
import { getSignoffInbox } from "../queries/signoff-inbox";
import { createTeam } from "./create-team";
import { addTeamMembers } from "./add-team-members";
import { createRelease } from "./create-release";
import { moveRelease } from "./move-release";
import { signOff } from "./sign-off";
import { schedulePromotion } from "./schedule-promotion";

/** README: Teams and protected environments, through the verbs and read models people use. */

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const root = userActor("admin", "Root");

async function setUp() {
  const ctx = testContext(t.db, root);
  const people = {
    ada: (await givenPerson(ctx, "Ada", "admin")).actor,
    sam: (await givenPerson(ctx, "Sam", "release_manager")).actor,
    rita: (await givenPerson(ctx, "Rita", "release_manager")).actor,
    ana: (await givenPerson(ctx, "Ana Lopez", "business_owner", "ana@example.com")).actor,
    ben: (await givenPerson(ctx, "Ben Ode", "business_owner", "ben@example.com")).actor,
    pia: (await givenPerson(ctx, "Pia", "business_owner")).actor,
    eve: (await givenPerson(ctx, "Eve", "business_owner")).actor,
  };
  const team = async (slug: string, name: string, emails: string[]) => {
    await createTeam({ ctx, input: { slug, name } });
    await addTeamMembers({ ctx, input: { team: slug, emails } });
  };
  await team("sre", "SRE", ["sam@example.com"]);
  await team("finance", "Finance", ["ana@example.com", "ben@example.com", "ada@example.com"]);
  await team("product", "Product", ["pia@example.com"]);
  await team("engineering", "Engineering", ["eve@example.com", "rita@example.com"]);
  await givenProject(ctx, { slug: "shop", name: "Shop" }, [
    { slug: "dev", name: "Development" },
    { slug: "staging", name: "Staging" },
    {
      slug: "production",
      name: "Production",
      promoters: ["sre"],
      approvals: [
        { team: "finance", count: 1 },
        { team: "product", count: 1 },
      ],
      separateDuties: true,
    },
  ]);
  await createRelease({ ctx, input: { project: "shop", version: "2.12.0" } });
  // Ada, an admin in Finance, pushed it to Staging herself.
  await moveRelease({
    ctx: { ...ctx, actor: people.ada },
    input: { project: "shop", version: "2.12.0", to: "staging" },
  });
  const as = (actor: (typeof people)[keyof typeof people]) => ({ ...ctx, actor });
  return { ctx, people, as };
}

const decide = (version: string, decision: "approve" | "reject" = "approve", comment?: string) => ({
  project: "shop",
  version,
  environment: "production",
  decision,
  ...(comment ? { comment } : {}),
});
const whereIs = async (version: string) => {
  const row = (await first(t.db.select().from(releases).where(eq(releases.version, version))))!;
  return (await t.db.query.environments.findFirst({ where: (e, { eq }) => eq(e.id, row.environmentId) }))!.slug;
};
const refusal = async (f: () => Promise<unknown>) => {
  try {
    await f();
  } catch (error) {
    return (error as Error).message;
  }
  return "allowed";
};

describe("a protected Production", () => {
  it("the card and the release page say what is missing and who can give it", async () => {
    await setUp();
    const card = (await getBoard(t.db, "shop")).columns[1]!.cards[0]!;
    const reasons = card.next!.items.filter((i) => !i.met).map((i) => i.reason);
    // Ada promoted it to Staging: she is left out of who can approve.
    expect(reasons).toEqual([
      "needs 1 from Finance for Production (Ana Lopez, Ben Ode can approve)",
      "needs 1 from Product for Production (Pia can approve)",
    ]);
    expect(
      (await getReleaseDetail(t.db, "shop", "2.12.0")).next!.items.filter((i) => !i.met).map((i) => i.reason),
    ).toEqual(reasons);
  });

  it("a refused sign-off names the rule: the team, or separation of duties (admins included)", async () => {
    const { as, people } = await setUp();
    expect(await refusal(() => signOff({ ctx: as(people.eve), input: decide("2.12.0") }))).toBe(
      "Only Finance or Product may approve Production; you are in Engineering",
    );
    expect(await refusal(() => signOff({ ctx: as(people.eve), input: decide("2.12.0", "reject", "no") }))).toBe(
      "Only Finance or Product may approve Production; you are in Engineering",
    );
    expect(await refusal(() => signOff({ ctx: as(people.ada), input: decide("2.12.0") }))).toBe(
      "You promoted 2.12.0 to Staging: separation of duties",
    );
    expect((await getReleaseDetail(t.db, "shop", "2.12.0")).signoffs).toEqual([]);
  });

  it("the sign-off inbox shows a person only the releases they may approve", async () => {
    const { people } = await setUp();
    const inbox = async (id: string) => (await getSignoffInbox(t.db, id)).map((i) => i.release.version);
    expect(await inbox(people.ana.id)).toEqual(["2.12.0"]);
    expect(await inbox(people.pia.id)).toEqual(["2.12.0"]);
    expect(await inbox(people.eve.id)).toEqual([]);
    expect(await inbox(people.ada.id)).toEqual([]);
  });

  it("only SRE's release managers promote into it; an admin may override, and the transition says so", async () => {
    const { as, people } = await setUp();
    await signOff({ ctx: as(people.ana), input: decide("2.12.0") });
    await signOff({ ctx: as(people.pia), input: decide("2.12.0") });
    const move = { project: "shop", version: "2.12.0", to: "production" };
    expect(await refusal(() => moveRelease({ ctx: as(people.rita), input: move }))).toBe(
      "2.12.0 cannot enter Production yet: Only release managers in SRE may move releases into Production; you are in Engineering",
    );
    expect(await refusal(() => moveRelease({ ctx: as(people.ada), input: move }))).toMatch(
      /^2\.12\.0 cannot enter Production yet: Only release managers in SRE may move releases into Production; you are in Finance \(an override can promote past them\)$/,
    );
    expect(await whereIs("2.12.0")).toBe("staging");
    await moveRelease({
      ctx: as(people.ada),
      input: { ...move, override: true, reason: "SRE is asleep; incident 42" },
    });
    const last = (await first(t.db.select().from(transitions).orderBy(desc(transitions.id)).limit(1)))!;
    expect(last).toMatchObject({ kind: "promote", actorName: "Ada", overriddenGates: ["promoters"] });
  });

  it("a release manager of SRE promotes once every rule is met", async () => {
    const { as, people } = await setUp();
    const move = { project: "shop", version: "2.12.0", to: "production" };
    await signOff({ ctx: as(people.ana), input: decide("2.12.0") });
    expect(await refusal(() => moveRelease({ ctx: as(people.sam), input: move }))).toBe(
      "2.12.0 cannot enter Production yet: needs 1 from Product for Production (Pia can approve)",
    );
    await signOff({ ctx: as(people.pia), input: decide("2.12.0") });
    await moveRelease({ ctx: as(people.sam), input: move });
    expect(await whereIs("2.12.0")).toBe("production");
  });

  it("an approval stops counting when its giver later acts on the release (schedules it)", async () => {
    const { as, people, ctx } = await setUp();
    const max = (await givenPerson(ctx, "Max", "admin")).actor;
    await addTeamMembers({ ctx, input: { team: "product", emails: ["max@example.com"] } });
    await signOff({ ctx: as(people.ana), input: decide("2.12.0") });
    await signOff({ ctx: as(max), input: decide("2.12.0") });
    const signoffGates = async () =>
      (await getReleaseDetail(t.db, "shop", "2.12.0")).next!.items.filter((i) => i.gate === "signoffs");
    expect((await signoffGates()).every((i) => i.met)).toBe(true);
    await schedulePromotion({
      ctx: as(max),
      input: { project: "shop", version: "2.12.0", to: "production", at: new Date("2026-06-01T10:00:00Z") },
    });
    expect((await signoffGates()).map((i) => [i.met, i.reason])).toEqual([
      [true, "1 of 1 from Finance for Production (Ana Lopez approved)"],
      [
        false,
        "needs 1 from Product for Production (Pia can approve); Max's approval does not count: Max scheduled 2.12.0 for Production (separation of duties)",
      ],
    ]);
  });
});

describe("role × team × environment", () => {
  // Who may sign off and who may promote, into an open Production (1 sign-off from any business
  // owner) and a protected one (promoters: [sre], approvals: [{finance, 1}]), by role and team.
  type Row = [Role, "none" | "finance" | "sre", "open" | "protected", signOff: string, promote: string];
  const table: Row[] = [
    ["admin", "none", "open", "allowed", "allowed"],
    ["admin", "finance", "open", "allowed", "allowed"],
    ["admin", "none", "protected", "Only Finance may approve Production; you are in no team", "needs override"],
    ["admin", "finance", "protected", "allowed", "needs override"],
    ["admin", "sre", "protected", "Only Finance may approve Production; you are in SRE", "allowed"],
    ["release_manager", "none", "open", "You may not sign off releases: a release manager cannot.", "allowed"],
    ["release_manager", "sre", "open", "You may not sign off releases: a release manager cannot.", "allowed"],
    [
      "release_manager",
      "none",
      "protected",
      "You may not sign off releases: a release manager cannot.",
      "Only release managers in SRE may move releases into Production; you are in no team",
    ],
    [
      "release_manager",
      "finance",
      "protected",
      "You may not sign off releases: a release manager cannot.",
      "Only release managers in SRE may move releases into Production; you are in Finance",
    ],
    ["release_manager", "sre", "protected", "You may not sign off releases: a release manager cannot.", "allowed"],
    ["business_owner", "none", "open", "allowed", "You may not move releases: a business owner cannot."],
    [
      "business_owner",
      "none",
      "protected",
      "Only Finance may approve Production; you are in no team",
      "You may not move releases: a business owner cannot.",
    ],
    [
      "business_owner",
      "sre",
      "protected",
      "Only Finance may approve Production; you are in SRE",
      "You may not move releases: a business owner cannot.",
    ],
    ["business_owner", "finance", "protected", "allowed", "You may not move releases: a business owner cannot."],
    [
      "viewer",
      "finance",
      "open",
      "You may not sign off releases: a viewer cannot.",
      "You may not move releases: a viewer cannot.",
    ],
    [
      "viewer",
      "finance",
      "protected",
      "You may not sign off releases: a viewer cannot.",
      "You may not move releases: a viewer cannot.",
    ],
  ];

  it.each(table)(
    "%s in %s, %s Production: sign-off %s; promote %s",
    async (role, team, kind, expectSignOff, expectPromote) => {
      const ctx = testContext(t.db, root);
      const person = (await givenPerson(ctx, "Pat", role)).actor;
      await createTeam({ ctx, input: { slug: "finance", name: "Finance" } });
      await createTeam({ ctx, input: { slug: "sre", name: "SRE" } });
      if (team !== "none") await addTeamMembers({ ctx, input: { team, emails: ["pat@example.com"] } });
      const production =
        kind === "open"
          ? { slug: "production", name: "Production", requiredSignoffs: 1 }
          : { slug: "production", name: "Production", promoters: ["sre"], approvals: [{ team: "finance", count: 1 }] };
      await givenProject(ctx, "shop", [{ slug: "staging", name: "Staging" }, production]);
      await createRelease({ ctx, input: { project: "shop", version: "1.0.0" } });
      const as = { ...ctx, actor: person };
      expect(await refusal(() => signOff({ ctx: as, input: decide("1.0.0") }))).toBe(expectSignOff);

      // Promotion is asked once the sign-off gate is met by someone who may give it.
      const approver = (await givenPerson(ctx, "Fin", "business_owner")).actor;
      await addTeamMembers({ ctx, input: { team: "finance", emails: ["fin@example.com"] } });
      if (expectSignOff !== "allowed") await signOff({ ctx: { ...ctx, actor: approver }, input: decide("1.0.0") });
      const promoted = await refusal(() =>
        moveRelease({ ctx: as, input: { project: "shop", version: "1.0.0", to: "production" } }),
      );
      if (expectPromote === "needs override") {
        expect(promoted).toMatch(/may move releases into Production.*\(an override can promote past them\)$/);
      } else if (expectPromote === "allowed") {
        expect(promoted).toBe("allowed");
      } else {
        expect(promoted).toContain(expectPromote);
      }
      expect(await whereIs("1.0.0")).toBe(promoted === "allowed" ? "production" : "staging");
    },
  );
});
