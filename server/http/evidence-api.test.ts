import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli, tempDirPerTest } from "../testing/cli";
import { createTestDb, onPostgres, testContext, userActor, type TestDb } from "../testing/test-db";
import { addUser } from "../services/add-user";
import { createProjectToken } from "../services/create-project-token";
import { createRelease } from "../services/create-release";
import { moveRelease } from "../services/move-release";
import { recordCheckResult } from "../services/record-check-result";
import { reportDeployment } from "../services/report-deployment";
import { signOff } from "../services/sign-off";
import { createTeam } from "../services/create-team";
import { addTeamMembers } from "../services/add-team-members";
import { getEvidence } from "../queries/evidence";
import { givenPerson, givenProject } from "../testing/fixtures";
import { changedCitations, documentSignedBy } from "../engine";
import type { Evidence } from "../queries/evidence";
import { routeApi } from "./routes";

let t: TestDb;
let token: string;
const at = (hhmm: string) => new Date(`2026-06-01T${hhmm}:00Z`);
const hook = { webhook: { url: "https://deploy.example.com/hooks/releaseboard" } };
const strong = "correct horse battery staple 42";

beforeEach(async () => {
  t = await createTestDb();
  const ctx = testContext(t.db, userActor("admin", "Ada Admin"), at("09:00"));
  await givenProject(ctx, { slug: "pay", name: "Payments" }, [
    { slug: "staging", name: "Staging", deploy: hook },
    { slug: "production", name: "Production", requiredSignoffs: 2, requiredChecks: ["smoke"], deploy: hook },
  ]);
  token = (await createProjectToken({ ctx, input: { project: "pay", name: "auditor" } })).token;
  const people = [];
  for (const [id, name, email] of [
    ["ana", "Ana Lopez", "ana@example.com"],
    ["ben", "Ben Ode", "ben@example.com"],
  ] as const)
    people.push(await addUser({ ctx, input: { id, name, email, role: "business_owner", password: strong } }));
  const as = (id: string, name: string) => ({ ...ctx, actor: userActor("business_owner", name, id) });
  const rita = { ...ctx, actor: userActor("release_manager", "Rita Patel", "rita") };
  const step = async (hhmm: string, work: () => Promise<unknown>) => {
    ctx.setNow(at(hhmm));
    await work();
  };
  const project = "pay";
  const version = "2.0.0";
  await step("09:00", () =>
    createRelease({
      ctx: rita,
      input: { project, version, commitSha: "abc1234", changes: [{ id: "PAY-1", title: "Refunds" }] },
    }),
  );
  await step("09:05", () =>
    reportDeployment({ ctx, input: { project, version, environment: "staging", status: "succeeded" } }),
  );
  await step("09:10", () =>
    recordCheckResult({
      ctx,
      input: {
        project,
        version,
        environment: "staging",
        check: "smoke",
        status: "failed",
        tests: 4,
        failures: 1,
        failingCases: [{ name: "refunds a card", kind: "failure", message: "expected 200" }],
      },
    }),
  );
  await step("09:20", () =>
    recordCheckResult({
      ctx,
      input: {
        project,
        version,
        environment: "staging",
        check: "smoke",
        status: "passed",
        tests: 4,
        failures: 0,
        url: "https://ci.example.com/run/7",
      },
    }),
  );
  await step("09:30", () =>
    signOff({
      ctx: as("ana", "Ana Lopez"),
      input: { project, version, environment: "production", decision: "approve", comment: "ok for go-live" },
    }),
  );
  await step("09:40", () =>
    signOff({ ctx: as("ben", "Ben Ode"), input: { project, version, environment: "production", decision: "approve" } }),
  );
  await step("10:00", () => moveRelease({ ctx: rita, input: { project, version, to: "production" } }));
  await step("10:05", () =>
    reportDeployment({
      ctx,
      input: { project, version, environment: "production", status: "succeeded", url: "https://deploy.example.com/9" },
    }),
  );
});
afterEach(() => t.close());

const get = async (path: string) =>
  routeApi(
    t.db,
    new Request(`http://localhost:3000/api/v1/projects/pay/releases/2.0.0/${path}`, {
      headers: { authorization: `Bearer ${token}` },
    }),
  );

it("packs the go-live's evidence as it was, field by field, and signs it", async () => {
  const response = await get("evidence?environment=production");
  expect(response.status).toBe(200);
  const { evidence, signature } = (await response.json()) as {
    evidence: Evidence;
    signature: { algorithm: string; value: string; publicKey: string };
  };
  expect(evidence.release).toMatchObject({
    version: "2.0.0",
    commitSha: "abc1234",
    changes: [{ id: "PAY-1", title: "Refunds", author: null }],
    createdBy: { type: "user", name: "Rita Patel" },
  });
  expect(evidence.transition).toMatchObject({
    kind: "promote",
    at: "2026-06-01T10:00:00.000Z",
    by: { type: "user", name: "Rita Patel" },
    from: "staging",
    overriddenGates: [],
  });
  expect(evidence.approvals).toEqual([
    {
      name: "Ana Lopez",
      email: "ana@example.com",
      role: "business_owner",
      decision: "approve",
      comment: "ok for go-live",
      at: "2026-06-01T09:30:00.000Z",
      teams: [],
      counted: true,
    },
    {
      name: "Ben Ode",
      email: "ben@example.com",
      role: "business_owner",
      decision: "approve",
      comment: null,
      at: "2026-06-01T09:40:00.000Z",
      teams: [],
      counted: true,
    },
  ]);
  expect(evidence.policy).toMatchObject({ requiredSignoffs: 2, requiredChecks: ["smoke"] });
  expect(evidence.approvalRules).toEqual([]);
  expect(evidence.separationOfDuties).toEqual({
    required: false,
    outcome: "no approver created, moved or scheduled this release",
    conflicts: [],
    details: [],
  });
  const smoke = evidence.gates.find((g) => g.gate === "checks")!;
  // The latest result before the go-live: the pass, not the earlier failure.
  expect(smoke).toMatchObject({
    check: "smoke",
    met: true,
    overridden: false,
    evidence: { status: "passed", tests: 4, failures: 0, url: "https://ci.example.com/run/7", failingCases: [] },
  });
  expect(evidence.gates.map((g) => [g.gate, g.met])).toEqual([
    ["checks", true],
    ["soak", true],
    ["freeze", true],
    ["lock", true],
  ]);
  expect(evidence.deployments).toHaveLength(1);
  expect(evidence.deployments[0]).toMatchObject({
    target: "webhook",
    status: "succeeded",
    succeededAt: "2026-06-01T10:05:00.000Z",
    url: "https://deploy.example.com/9",
    request: { attempts: 0, state: "pending" },
  });
  expect(evidence.deployments[0]!.reports).toHaveLength(1);
  // Every cited entry is this release's, with its chain hash.
  expect(evidence.chain.entries.length).toBeGreaterThanOrEqual(6);
  expect(evidence.chain.entries.every((e) => /^[0-9a-f]{64}$/.test(e.hash ?? ""))).toBe(true);

  expect(signature.algorithm).toBe("Ed25519");
  expect(documentSignedBy(evidence, signature.value, signature.publicKey)).toBe(true);
  expect(documentSignedBy({ ...evidence, approvals: [] }, signature.value, signature.publicKey)).toBe(false);
  expect(await changedCitations(t.db, evidence.chain.entries)).toEqual([]);
  // Editing the log past its guard takes SQLite's own connection; the citations are read the same way on Postgres.
  if (onPostgres) return;
  t.db.$client.exec("drop trigger audit_events_no_update");
  const cited = evidence.chain.entries[1]!.id;
  t.db.$client.prepare("update audit_events set summary = 'edited' where id = ?").run(cited);
  expect(await changedCitations(t.db, evidence.chain.entries)).toEqual([]);
  t.db.$client.prepare("update audit_events set hash = ? where id = ?").run("0".repeat(64), cited);
  expect(await changedCitations(t.db, evidence.chain.entries)).toEqual([cited]);
});

it("says plainly when the release never went into the environment", async () => {
  const response = await routeApi(
    t.db,
    new Request("http://localhost:3000/api/v1/projects/pay/releases/9.9.9/evidence", {
      headers: { authorization: `Bearer ${token}` },
    }),
  );
  expect(response.status).toBe(404);
});

describe("releaseboard evidence", () => {
  const temp = tempDirPerTest("releaseboard-evidence-");

  // The CLI runs on a copy of the SQLite file.
  it.skipIf(onPostgres)(
    "writes the pack, verifies it, and exits 1 once a cited entry or the history is changed",
    () => {
      const file = path.join(temp.path, "board.db");
      t.db.$client.pragma("wal_checkpoint(TRUNCATE)");
      fs.copyFileSync(t.file, file);
      const pack = path.join(temp.path, "evidence.json");
      const written = runCli(file, ["evidence", "--project", "pay", "--release", "2.0.0", "--out", pack]);
      expect(written.status).toBe(0);
      expect(written.last).toBe(`Wrote the evidence of 2.0.0 in Production to ${pack}`);
      const ok = runCli(file, ["evidence", "verify", pack]);
      expect(ok.status).toBe(0);
      expect(ok.last).toMatch(/signature valid; the \d+ entries it cites are unchanged in a verified history$/);

      const edited = JSON.parse(fs.readFileSync(pack, "utf8"));
      edited.evidence.approvals[0].comment = "never said that";
      const forged = path.join(temp.path, "forged.json");
      fs.writeFileSync(forged, JSON.stringify(edited));
      const refused = runCli(file, ["evidence", "verify", forged]);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain("the signature does not match");

      const db = new Database(file);
      db.exec("drop trigger audit_events_no_update");
      db.prepare("update audit_events set summary = 'edited' where id = ?").run(edited.evidence.chain.entries[0].id);
      db.close();
      const caught = runCli(file, ["evidence", "verify", pack]);
      expect(caught.status).toBe(1);
      expect(caught.stderr).toContain(`entry #${edited.evidence.chain.entries[0].id} was changed`);
    },
  );
});

it("lists approvals per team rule and judges separation of duties by the gates' own rule", async () => {
  const ctx = testContext(t.db, userActor("admin", "Ada Admin"), at("09:00"));
  const fay = await givenPerson(ctx, "Fay", "business_owner");
  const pia = await givenPerson(ctx, "Pia", "business_owner");
  const adam = await givenPerson(ctx, "Adam", "admin");
  await createTeam({ ctx, input: { slug: "finance", name: "Finance" } });
  await createTeam({ ctx, input: { slug: "product", name: "Product" } });
  await addTeamMembers({ ctx, input: { team: "finance", emails: ["fay@example.com"] } });
  await addTeamMembers({ ctx, input: { team: "product", emails: ["pia@example.com", "adam@example.com"] } });
  await givenProject(ctx, "shop", [
    { slug: "staging", name: "Staging" },
    {
      slug: "production",
      name: "Production",
      approvals: [
        { team: "finance", count: 1 },
        { team: "product", count: 1 },
      ],
      separateDuties: true,
    },
  ]);
  const as = (actor: typeof fay.actor, hhmm: string) => {
    ctx.setNow(at(hhmm));
    return { ...ctx, actor };
  };
  const input = { project: "shop", version: "1.0.0" };
  await createRelease({ ctx, input });
  await signOff({ ctx: as(fay.actor, "09:10"), input: { ...input, environment: "production", decision: "approve" } });
  // Adam approves, then moves the release himself: his approval is recorded, and does not count.
  await signOff({ ctx: as(adam.actor, "09:20"), input: { ...input, environment: "production", decision: "approve" } });
  await signOff({ ctx: as(pia.actor, "09:30"), input: { ...input, environment: "production", decision: "approve" } });
  await moveRelease({ ctx: as(adam.actor, "09:40"), input: { ...input, to: "production" } });

  const evidence = await getEvidence(t.db, "shop", "1.0.0");
  expect(evidence.approvals.map((a) => [a.name, a.teams, a.counted])).toEqual([
    ["Fay", ["Finance"], true],
    ["Adam", ["Product"], false],
    ["Pia", ["Product"], true],
  ]);
  expect(evidence.approvalRules).toEqual([
    { team: "finance", name: "Finance", count: 1, approvedBy: ["Fay"], met: true },
    { team: "product", name: "Product", count: 1, approvedBy: ["Pia"], met: true },
  ]);
  expect(evidence.separationOfDuties).toEqual({
    required: true,
    outcome: "conflict: these approvals did not count",
    conflicts: ["Adam"],
    details: ["Adam promoted 1.0.0 to Production"],
  });
});
