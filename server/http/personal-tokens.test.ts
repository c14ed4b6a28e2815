import { writeTransaction as writeTx } from "../../db/client";
import fs from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { signoffs, users } from "../../db/schema";
import { createTestDb, onPostgres, testContext, userActor, type TestDb } from "../testing/test-db";
import { givenProject } from "../testing/fixtures";
import { runCli, tempDirPerTest } from "../testing/cli";
import { addUser } from "../services/add-user";
import { createProjectToken } from "../services/create-project-token";
import { createPersonalToken } from "../services/create-personal-token";
import { revokePersonalToken } from "../services/revoke-personal-token";
import { createRelease } from "../services/create-release";
import { routeApi } from "./routes";

let t: TestDb;
let projectToken: string;
const password = "correct horse battery staple 42";
const tokenOf = async (email: string, days = 30) =>
  (
    await createPersonalToken({
      ctx: { db: t.db, actor: userActor("admin", "Ada Admin") },
      input: { name: "automation", email, expiresInDays: days },
    })
  ).token;

beforeEach(async () => {
  t = await createTestDb();
  const ctx = testContext(t.db, userActor("admin", "Ada Admin"), new Date());
  await givenProject(ctx, "shop", [
    { slug: "staging", name: "Staging" },
    { slug: "production", name: "Production", requiredSignoffs: 1 },
  ]);
  for (const [id, role] of [
    ["ana", "business_owner"],
    ["vic", "viewer"],
  ] as const)
    await addUser({ ctx, input: { id, email: `${id}@example.com`, name: id.toUpperCase(), role, password } });
  projectToken = (await createProjectToken({ ctx, input: { project: "shop", name: "ci", scope: "promote" } })).token;
  await createRelease({ ctx, input: { project: "shop", version: "1.0.0" } });
});
afterEach(() => t.close());

const post = (token: string, body: unknown) =>
  routeApi(
    t.db,
    new Request("http://localhost:3000/api/v1/projects/shop/releases/1.0.0/signoffs", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
const detail = async (response: Response) => ((await response.json()) as { detail: string }).detail;

describe("POST …/signoffs with a personal access token", () => {
  it("records the person's approval, as the web app would", async () => {
    const response = await post(await tokenOf("ana@example.com"), { environment: "production", decision: "approve" });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      version: "1.0.0",
      environment: "production",
      decision: "approve",
      by: "ANA",
    });
    expect((await t.db.select().from(signoffs)).map((s) => [s.actorId, s.decision])).toEqual([["ana", "approve"]]);
  });

  it("refuses a project token, a role that may not sign off, and a rejection without a comment", async () => {
    const byProjectToken = await post(projectToken, { environment: "production", decision: "approve" });
    expect(byProjectToken.status).toBe(403);
    expect(await detail(byProjectToken)).toContain("personal access token");
    expect(
      (await post(await tokenOf("vic@example.com"), { environment: "production", decision: "approve" })).status,
    ).toBe(403);
    const bare = await post(await tokenOf("ana@example.com"), { environment: "production", decision: "reject" });
    expect(bare.status).toBe(422);
    expect(await t.db.select().from(signoffs)).toEqual([]);
  });

  it("stops working once revoked, expired, or its account is disabled", async () => {
    const body = { environment: "production", decision: "approve" };
    const revoked = await createPersonalToken({
      ctx: { db: t.db, actor: userActor("business_owner", "ANA", "ana") },
      input: { name: "laptop" },
    });
    await revokePersonalToken({
      ctx: { db: t.db, actor: userActor("business_owner", "ANA", "ana") },
      input: { id: revoked.id },
    });
    expect((await post(revoked.token, body)).status).toBe(401);

    const expiring = await createPersonalToken({
      ctx: { ...testContext(t.db, userActor("admin", "Ada Admin"), new Date(Date.now() - 3 * 86_400_000)) },
      input: { name: "old", email: "ana@example.com", expiresInDays: 1 },
    });
    expect((await post(expiring.token, body)).status).toBe(401);

    const live = await tokenOf("ana@example.com");
    await writeTx(t.db, async (tx) => {
      await tx.update(users).set({ disabledAt: new Date() }).where(eq(users.id, "ana"));
    });
    const disabled = await post(live, body);
    expect(disabled.status).toBe(401);
    expect(await detail(disabled)).toContain("disabled");
    expect(await t.db.select().from(signoffs)).toEqual([]);
  });

  it("reads and moves with the person's role, like the web app", async () => {
    const manager = await addUser({
      ctx: { db: t.db, actor: userActor("admin") },
      input: { email: "rita@example.com", name: "Rita", role: "release_manager", password },
    });
    const token = await tokenOf(manager.email);
    const read = await routeApi(
      t.db,
      new Request("http://localhost:3000/api/v1/projects/shop/releases/1.0.0", {
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    expect(read.status).toBe(200);
    const promote = (bearer: string) =>
      routeApi(
        t.db,
        new Request("http://localhost:3000/api/v1/projects/shop/releases/1.0.0/promote", {
          method: "POST",
          headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
          body: JSON.stringify({ to: "production" }),
        }),
      );
    // A release manager may move releases: the gates answer (it needs a sign-off); a viewer may not.
    const byManager = await promote(token);
    expect(byManager.status).toBe(422);
    expect(await detail(byManager)).toContain("sign-off");
    expect((await promote(await tokenOf("vic@example.com"))).status).toBe(403);
  });
});

describe("releaseboard token create --user", () => {
  const temp = tempDirPerTest("releaseboard-pat-");

  // The CLI runs on a copy of the SQLite file.
  it.skipIf(onPostgres)("prints a personal token alone on the last line, and refuses an unknown person", () => {
    t.db.$client.pragma("wal_checkpoint(TRUNCATE)");
    const file = `${temp.path}/board.db`;
    fs.copyFileSync(t.file, file);
    const made = runCli(file, [
      "token",
      "create",
      "--user",
      "ana@example.com",
      "--name",
      "release-bot",
      "--expires",
      "30d",
    ]);
    expect(made.status).toBe(0);
    expect(made.last).toMatch(/^rbp_[A-Za-z0-9_-]{43}$/);
    const unknown = runCli(file, ["token", "create", "--user", "nobody@example.com", "--name", "x"]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("No user with email nobody@example.com");
  });
});
