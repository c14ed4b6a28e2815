import { first } from "../../db/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import superjson from "superjson";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { givenProject } from "../testing/fixtures";
import { createRelease } from "../services/create-release";
import { signOff } from "../services/sign-off";
import { handleTrpc } from "./handler";
import { eq } from "drizzle-orm";
import { users } from "../../db/schema";
import { addUser } from "../services/add-user";
import { getReleaseDetail } from "../queries/release-detail";
import { getSignoffInbox } from "../queries/signoff-inbox";
import { liveParts } from "../runtime";

const origin = "http://localhost:3000";
let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
  await givenProject(testContext(t.db, userActor("admin")), { slug: "shop", name: "Shop" }, [
    { slug: "dev", name: "Dev" },
    { slug: "qa", name: "QA" },
    { slug: "prod", name: "Prod", requiredSignoffs: 1 },
  ]);
});
afterEach(() => t.close());

const call = (url: string, init: RequestInit = {}) =>
  handleTrpc(
    new Request(`${origin}/api/trpc/${url}`, {
      ...init,
      headers: { origin, "content-type": "application/json", ...init.headers },
    } as RequestInit),
    { ownOrigin: origin, createContext: async () => ({ db: t.db, ...liveParts(t.db), actor: userActor("admin") }) },
  );

describe("tRPC limits (items 2 and 16)", () => {
  it("refuses a batch of more than 20 calls with 400 and answers one of 20", async () => {
    const batch = (n: number) =>
      call(`${Array(n).fill("board.overview").join(",")}?batch=1&input=${encodeURIComponent(JSON.stringify({}))}`);
    const big = await batch(300);
    expect(big.status).toBe(400);
    expect(JSON.stringify(await big.json())).toMatch(/batch/i);
    expect((await batch(20)).status).toBe(200);
  });

  it("refuses a body over 1 MiB with 413, with or without a declared length", async () => {
    const big = JSON.stringify({
      "0": { json: { project: "shop", environment: "qa", reason: "x".repeat(1100 * 1024) } },
    });
    const declared = await call("moves.lock?batch=1", { method: "POST", body: big });
    expect(declared.status).toBe(413);
    const bytes = new TextEncoder().encode(big);
    const streamed = await call("moves.lock?batch=1", {
      method: "POST",
      body: new ReadableStream({ start: (c) => (c.enqueue(bytes), c.close()) }),
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });
});

describe("validation errors for people (item 17)", () => {
  it("says which field and why, not zod's JSON", async () => {
    const body = JSON.stringify({
      "0": superjson.serialize({ project: "shop", environment: "qa", reason: "x".repeat(2001) }),
    });
    const response = await call("moves.lock?batch=1", { method: "POST", body });
    const [answer] = (await response.json()) as [{ error: { json: { message: string } } }];
    expect(answer.error.json.message).toBe("reason: must be at most 2000 characters");
  });
});

describe("sign-offs (item 11)", () => {
  it("refuses a sign-off, or a veto, for an environment whose policy requires none", async () => {
    const rm = testContext(t.db, userActor("release_manager"));
    await createRelease({ ctx: rm, input: { project: "shop", version: "1.0.0" } });
    const bo = testContext(t.db, userActor("business_owner"));
    await expect(
      signOff({
        ctx: bo,
        input: { project: "shop", version: "1.0.0", environment: "qa", decision: "reject", comment: "no" },
      }),
    ).rejects.toThrow(/QA needs no sign-off/);
    await expect(
      signOff({ ctx: bo, input: { project: "shop", version: "1.0.0", environment: "qa", decision: "approve" } }),
    ).rejects.toThrow(/needs no sign-off/);
  });
});

describe("sign-offs name the account (item 10)", () => {
  it("show the signer's email beside the name on the release page and in the inbox", async () => {
    await addUser({
      ctx: { db: t.db, actor: userActor("admin") },
      input: { email: "bo@example.com", name: "bo2 approved", role: "business_owner", password: "correct horse" },
    });
    await addUser({
      ctx: { db: t.db, actor: userActor("admin") },
      input: { email: "al@example.com", name: "Al", role: "business_owner", password: "correct horse" },
    });
    const bo = (await first(t.db.select().from(users).where(eq(users.email, "bo@example.com"))))!;
    const rm = testContext(t.db, userActor("release_manager"));
    await createRelease({ ctx: rm, input: { project: "shop", version: "1.0.0" } });
    await givenProject(testContext(t.db, userActor("admin")), { slug: "shop", name: "Shop" }, [
      { slug: "dev", name: "Dev" },
      { slug: "qa", name: "QA", requiredSignoffs: 2 },
      { slug: "prod", name: "Prod", requiredSignoffs: 1 },
    ]);
    await signOff({
      ctx: testContext(t.db, { type: "user", id: bo.id, name: bo.name, role: "business_owner" }),
      input: { project: "shop", version: "1.0.0", environment: "qa", decision: "approve" },
    });
    expect((await getReleaseDetail(t.db, "shop", "1.0.0")).signoffs[0]).toMatchObject({
      actorName: "bo2 approved",
      actorEmail: "bo@example.com",
    });
    const al = (await first(t.db.select().from(users).where(eq(users.email, "al@example.com"))))!;
    const [waiting] = await getSignoffInbox(t.db, al.id);
    expect(waiting!.approvals).toEqual(["bo2 approved <bo@example.com>"]);
  });
});
