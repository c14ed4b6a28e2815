import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { createRelease } from "../services/create-release";
import { roles, type Actor, type Role } from "../domain/permissions";
import { appRouter, createCaller } from "./router";
import { givenProject } from "../testing/fixtures";
import { liveParts } from "../runtime";

/**
 * README "People, roles and sign-in", written out by hand (not derived from the code under test): which roles may
 * call each procedure. A procedure missing here fails the test, so new ones get a row.
 */
const everyone: Role[] = ["admin", "release_manager", "business_owner", "viewer"];
const managers: Role[] = ["admin", "release_manager"];
const matrix: Record<string, { allowed: Role[] | "public"; input?: unknown }> = {
  "board.overview": { allowed: everyone },
  "board.board": { allowed: everyone, input: { project: "matrix" } },
  "board.release": { allowed: everyone, input: { project: "matrix", version: "1.0" } },
  "board.events": { allowed: everyone, input: { project: "matrix" } },
  "board.findReleases": { allowed: everyone, input: { query: "1." } },
  "moves.move": { allowed: managers, input: { project: "matrix", version: "1.0", to: "prod" } },
  "moves.abandon": { allowed: managers, input: { project: "matrix", version: "nope", reason: "x" } },
  "moves.setTaskDone": {
    allowed: managers,
    input: { project: "matrix", version: "1.0", environment: "prod", task: "Tell support", done: true },
  },
  "moves.lock": { allowed: managers, input: { project: "matrix", environment: "prod", reason: "x" } },
  "moves.unlock": { allowed: managers, input: { project: "matrix", environment: "dev" } },
  "moves.releaseHold": { allowed: managers, input: { project: "matrix", version: "1.0" } },
  "moves.schedule": {
    allowed: managers,
    input: { project: "matrix", version: "1.0", to: "prod", at: new Date(Date.now() + 86_400_000).toISOString() },
  },
  "moves.cancelSchedule": { allowed: managers, input: { project: "matrix", version: "1.0" } },
  "moves.signOff": {
    allowed: ["admin", "business_owner"],
    input: { project: "matrix", version: "1.0", environment: "prod", decision: "approve" },
  },
  "account.me": { allowed: "public" },
  "account.createFirstAdmin": {
    allowed: "public",
    input: { email: "x@example.com", name: "X", password: "a long enough password" },
  },
  "account.users": { allowed: ["admin"] },
  "account.link": { allowed: "public", input: { token: "no-such-token-0000000000000" } },
  "account.acceptLink": {
    allowed: "public",
    input: { token: "no-such-token-0000000000000", name: "X", password: "violet-harbour-tram-42" },
  },
  "account.changePassword": {
    allowed: everyone,
    input: { currentPassword: "wrong", newPassword: "violet-harbour-tram-42" },
  },
  "account.inbox": { allowed: ["admin", "business_owner"] },
  "account.notifications": { allowed: everyone },
  "account.setEmailNotifications": { allowed: everyone, input: { email: true } },
  "account.personalTokens": { allowed: everyone },
  "account.createPersonalToken": { allowed: everyone, input: { name: "laptop", expiresInDays: 30 } },
  "account.revokePersonalToken": { allowed: everyone, input: { id: 999 } },
  "settings.notifications": { allowed: everyone, input: { project: "matrix" } },
  "settings.pipelineFile": { allowed: everyone, input: { project: "matrix" } },
  "settings.tokens": { allowed: managers, input: { project: "matrix" } },
  "settings.createToken": { allowed: managers, input: { project: "matrix", name: "ci" } },
  "settings.revokeToken": { allowed: managers, input: { project: "matrix", id: 999 } },
  "settings.secret": { allowed: managers, input: { project: "matrix" } },
  "settings.rotateSecret": { allowed: managers, input: { project: "matrix" } },
  "settings.deliveries": { allowed: managers, input: { project: "matrix" } },
  "activity.list": { allowed: everyone, input: { project: "matrix", kind: "release.moved" } },
  "activity.filters": { allowed: everyone },
  "settings.pipeline": { allowed: everyone, input: { project: "matrix" } },
  "settings.savePipeline": {
    allowed: managers,
    input: {
      project: "matrix",
      file: {
        name: "Matrix",
        environments: [
          { slug: "dev", name: "Dev" },
          { slug: "prod", name: "Prod", requiredSignoffs: 1, manualTasks: ["Tell support"] },
        ],
      },
    },
  },
  "settings.applyPreset": { allowed: managers, input: { project: "matrix", preset: "manual" } },
  "projects.create": { allowed: managers, input: { slug: "new-one", name: "New one" } },
  "projects.rename": { allowed: managers, input: { project: "matrix", name: "Matrix" } },
  "projects.archive": { allowed: managers, input: { project: "matrix", archived: false } },
  "projects.archived": { allowed: everyone },
  "settings.redeliver": { allowed: managers, input: { project: "matrix", id: 999 } },
  "moves.retryDeploy": { allowed: managers, input: { project: "matrix", version: "1.0", environment: "dev" } },
  "settings.outbound": { allowed: managers, input: { project: "matrix" } },
  "settings.outboundSecret": { allowed: managers, input: { project: "matrix" } },
  "settings.sendOutboundAgain": { allowed: managers, input: { project: "matrix", id: 999 } },
  "people.list": { allowed: ["admin"] },
  "people.setRole": { allowed: ["admin"], input: { email: "nobody@example.com", role: "viewer" } },
  "people.disable": { allowed: ["admin"], input: { email: "nobody@example.com" } },
  "people.enable": { allowed: ["admin"], input: { email: "nobody@example.com" } },
  "people.invite": { allowed: ["admin"], input: { email: "matrix-invite@example.com", role: "viewer" } },
  "people.resetPassword": { allowed: ["admin"], input: { email: "nobody@example.com" } },
  "people.createTeam": { allowed: ["admin"], input: { slug: "matrix-team", name: "Matrix" } },
  "people.addMembers": { allowed: ["admin"], input: { team: "nobody", emails: ["nobody@example.com"] } },
  "people.removeMembers": { allowed: ["admin"], input: { team: "nobody", emails: ["nobody@example.com"] } },
};

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  const ctx = testContext(t.db, userActor("admin"), new Date());
  await givenProject(ctx, { slug: "matrix", name: "Matrix" }, [
    { slug: "dev", name: "Dev" },
    { slug: "prod", name: "Prod", requiredSignoffs: 1, manualTasks: ["Tell support"] },
  ]);
  await createRelease({ ctx, input: { project: "matrix", version: "1.0" } });
});
afterAll(() => t.close());

async function call(path: string, actor: Actor | null, input: unknown) {
  const caller = createCaller({ db: t.db, ...liveParts(t.db), actor }) as unknown as Record<
    string,
    Record<string, (i: unknown) => Promise<unknown>>
  >;
  const [group, name] = path.split(".") as [string, string];
  try {
    await caller[group]![name]!(input);
    return "ok";
  } catch (error) {
    return error instanceof TRPCError ? error.code : `crash: ${String(error)}`;
  }
}

it("covers every procedure of the router", () => {
  expect(Object.keys(appRouter._def.procedures).sort()).toEqual(Object.keys(matrix).sort());
});

describe.each(Object.entries(matrix))("%s", (path, { allowed, input }) => {
  it.each([...roles, "anonymous"] as const)("as %s", async (who) => {
    const actor = who === "anonymous" ? null : userActor(who, who, `matrix-${who}`);
    const outcome = await call(path, actor, input);
    const may = allowed === "public" || (who !== "anonymous" && allowed.includes(who));
    if (may) {
      expect(["FORBIDDEN", "UNAUTHORIZED"]).not.toContain(outcome);
      expect(outcome).not.toMatch(/^crash/);
    } else {
      expect(outcome).toBe(who === "anonymous" ? "UNAUTHORIZED" : "FORBIDDEN");
    }
  });
});
