import { writeTransaction as writeTx } from "../../db/client";
import { first as firstRow } from "../../db/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { and, count, eq, isNotNull, isNull } from "drizzle-orm";
import { checkResults, deliveries, idempotencyKeys } from "../../db/schema";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { givenProject, projectSecret } from "../testing/fixtures";
import { createProjectToken } from "../services/create-project-token";
import { pruneDeliveryLog } from "../jobs/retention";
import { postGitHub, postRelease, postResult } from "./endpoints";
import { redeliver } from "./redeliver";

let t: TestDb;
let token: string;
let otherToken: string;
let secret: string;
let projectId: number;

beforeEach(async () => {
  t = await createTestDb();
  const ctx = testContext(t.db, userActor("admin"), new Date());
  await givenProject(ctx, "api", [
    { slug: "dev", name: "Development" },
    { slug: "qa", name: "QA", autoPromote: true, requiredChecks: ["unit"] },
  ]);
  token = (await createProjectToken({ ctx, input: { project: "api", name: "ci" } })).token;
  otherToken = (await createProjectToken({ ctx, input: { project: "api", name: "other-ci" } })).token;
  ({ projectId, secret } = await projectSecret(t.db, "api"));
});
afterEach(() => t.close());

const base = "http://localhost:3000/api/v1/projects";
const rows = async (table: typeof checkResults | typeof deliveries | typeof idempotencyKeys) =>
  (await firstRow(t.db.select({ n: count() }).from(table)))!.n;
const request = (path: string, body: string, headers: Record<string, string>) =>
  new Request(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
const bearer = (value: string) => ({ authorization: `Bearer ${value}` });
const result = (status: string, headers: Record<string, string>, version = "1.0.0", project = "api") =>
  postResult(
    t.db,
    request(
      `/${project}/releases/${version}/results`,
      JSON.stringify({ environment: "dev", check: "unit", status }),
      headers,
    ),
    project,
    version,
  );
const latestStatus = async () => (await t.db.select().from(checkResults).orderBy(checkResults.id)).at(-1)?.status;

async function createRelease(version = "1.0.0") {
  expect(
    (await postRelease(t.db, request("/api/releases", JSON.stringify({ version }), bearer(token)), "api")).status,
  ).toBe(201);
}

describe("signed webhooks and Idempotency-Key (item 3)", () => {
  it("a captured signed 'passed' replayed with a new Idempotency-Key does not override a newer 'failed'", async () => {
    await createRelease();
    const signer = new Webhook(secret);
    const body = JSON.stringify({ environment: "dev", check: "unit", status: "passed" });
    const now = new Date();
    const signed = {
      "webhook-id": "msg_passed",
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": signer.sign("msg_passed", now, body),
    };
    const send = (extra: Record<string, string>) =>
      postResult(t.db, request("/api/releases/1.0.0/results", body, { ...signed, ...extra }), "api", "1.0.0");
    expect((await send({})).status).toBe(201);
    expect((await result("failed", bearer(token))).status).toBe(201);
    expect(await latestStatus()).toBe("failed");
    const replay = await send({ "idempotency-key": "fresh-key" });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await latestStatus()).toBe("failed");
    expect(await rows(checkResults)).toBe(2);
  });
});

describe("idempotency keys (item 4)", () => {
  it("refuses the same key with a different body (422) and keeps the failure", async () => {
    await createRelease();
    expect((await result("passed", { ...bearer(token), "idempotency-key": "run-1" })).status).toBe(201);
    const reused = await result("failed", { ...bearer(token), "idempotency-key": "run-1" });
    expect(reused.status).toBe(422);
    expect((await reused.json()).detail).toBe("idempotency key reused with a different request");
    const same = await result("passed", { ...bearer(token), "idempotency-key": "run-1" });
    expect(same.headers.get("idempotent-replayed")).toBe("true");
    expect(await rows(checkResults)).toBe(1);
  });

  it("binds a key to its credential, endpoint and release", async () => {
    await createRelease("1.0.0");
    await createRelease("2.0.0");
    expect((await result("passed", { ...bearer(token), "idempotency-key": "k" }, "1.0.0")).status).toBe(201);
    const otherRelease = await result("passed", { ...bearer(token), "idempotency-key": "k" }, "2.0.0");
    expect(otherRelease.status).toBe(201);
    expect(otherRelease.headers.get("idempotent-replayed")).toBeNull();
    const otherCredential = await result("passed", { ...bearer(otherToken), "idempotency-key": "k" }, "1.0.0");
    expect(otherCredential.headers.get("idempotent-replayed")).toBeNull();
    expect(await rows(checkResults)).toBe(3);
  });

  it("refuses keys longer than 255 characters instead of truncating them", async () => {
    await createRelease();
    const long = "k".repeat(255);
    expect((await result("passed", { ...bearer(token), "idempotency-key": long })).status).toBe(201);
    const longer = await result("failed", { ...bearer(token), "idempotency-key": `${long}X` });
    expect(longer.status).toBe(422);
    expect((await longer.json()).detail).toMatch(/longer than 255/);
    expect(await latestStatus()).toBe("passed");
  });
});

describe("send again (item 5)", () => {
  it("refuses to re-send a delivery that never authenticated, and names the sender and the person on a re-sent one", async () => {
    const rita = {
      type: "user" as const,
      id: "user-rita",
      name: "Rita",
      role: "release_manager" as const,
      email: "rita@example.com",
    };
    const anonymous = await result("passed", {});
    expect(anonymous.status).toBe(401);
    const refused = (await firstRow(t.db.select().from(deliveries).where(eq(deliveries.statusCode, 401))))!;
    await expect(redeliver(t.db, projectId, refused.id, rita)).rejects.toThrow(/not authenticated when it arrived/);
    expect(await rows(checkResults)).toBe(0);

    expect((await result("passed", bearer(token))).status).toBe(404);
    await createRelease();
    const early = (await firstRow(t.db.select().from(deliveries).where(eq(deliveries.statusCode, 404))))!;
    expect(early.sender).toMatch(/^ci \(token-\d+\)$/);
    expect(await redeliver(t.db, projectId, early.id, rita)).toMatchObject({ status: 201 });
    const resent = (await t.db.select().from(deliveries).orderBy(deliveries.id)).at(-1)!;
    expect(resent).toMatchObject({ statusCode: 201, sender: early.sender, resentBy: "Rita <rita@example.com>" });
  });
});

describe("the delivery log cannot be grown by anyone (item 8)", () => {
  it("keeps 1 KiB of an unauthenticated body, 64 KiB of an authenticated one", async () => {
    const big = JSON.stringify({ environment: "dev", check: "unit", status: "passed", summary: "x".repeat(200_000) });
    await postResult(t.db, request("/api/releases/1.0.0/results", big, {}), "api", "1.0.0");
    await postResult(t.db, request("/api/releases/1.0.0/results", big, bearer(token)), "api", "1.0.0");
    const [anonymous, known] = await t.db.select().from(deliveries).orderBy(deliveries.id);
    expect(anonymous!.body!.length).toBe(1024);
    expect(anonymous!.bodyTruncated).toBe(true);
    expect(known!.body!.length).toBe(64 * 1024);
  });

  it("answers an unknown project as a known one: 401 without a credential, the same with a foreign one", async () => {
    const known = await result("passed", {}, "1.0.0", "api");
    const unknown = await result("passed", {}, "1.0.0", "nope");
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual(await known.json());
    const withToken = await result("passed", bearer(token), "1.0.0", "nope");
    expect(withToken.status).toBe(401);
  });

  it("drops entries older than the retention and beyond 100,000 per project (here: a smaller cap)", async () => {
    await createRelease();
    for (let i = 0; i < 5; i++) await result("passed", bearer(token), "9.9.9");
    const old = new Date(Date.now() - 31 * 24 * 60 * 60_000);
    const first = (await firstRow(t.db.select().from(deliveries).orderBy(deliveries.id)))!;
    await writeTx(t.db, async (tx) => {
      await tx.update(deliveries).set({ createdAt: old }).where(eq(deliveries.id, first.id));
    });
    const pruned = await pruneDeliveryLog(t.db, { retentionDays: 30, maxPerProject: 3 });
    expect(pruned.deliveries).toBe(3);
    expect(await rows(deliveries)).toBe(3);
    expect((await t.db.select().from(deliveries).orderBy(deliveries.id)).map((d) => d.path)).toEqual(
      Array(3).fill("/api/v1/projects/api/releases/9.9.9/results"),
    );
  });
});

describe("the delivery log cannot fill the disk (issue 22, item 1)", () => {
  const anonymousRows = async () =>
    (await firstRow(
      t.db
        .select({ n: count() })
        .from(deliveries)
        .where(and(isNull(deliveries.sender), isNull(deliveries.resentBy))),
    ))!.n;
  const authenticatedRows = async () =>
    (await firstRow(t.db.select({ n: count() }).from(deliveries).where(isNotNull(deliveries.sender))))!.n;
  const big = JSON.stringify({ environment: "dev", check: "unit", status: "passed", summary: "x".repeat(60_000) });
  const pad = "p".repeat(7 * 1024);

  it("does not store a refusal that named no known project", async () => {
    const answer = await postResult(t.db, request(`/nope/releases/1.0.0/results?pad=${pad}`, big, {}), "nope", "1.0.0");
    expect(answer.status).toBe(401);
    expect(await rows(deliveries)).toBe(0);
  });

  it("keeps at most 1 KiB of a path and query, and 200 characters of a header", async () => {
    await postResult(
      t.db,
      request(`/api/releases/1.0.0/results?pad=${pad}`, big, { "x-github-event": "e".repeat(5000) }),
      "api",
      "1.0.0",
    );
    const [stored] = await t.db.select().from(deliveries);
    expect(stored!.path!.length).toBe(1024);
    expect(stored!.path!.endsWith("…")).toBe(true);
    expect(stored!.body!.length).toBe(1024);
    // Webhook endpoints keep their event header: cut to 200 characters.
    await postGitHub(t.db, request(`/api/webhooks/github`, big, { "x-github-event": "e".repeat(5000) }), "api");
    const webhook = (await t.db.select().from(deliveries)).find((d) => d.endpoint === "webhooks.github");
    expect(webhook!.event!.length).toBe(200);
  });

  it("does not send again a delivery whose path was cut", async () => {
    const answer = await postResult(
      t.db,
      request(
        `/api/releases/1.0.0/results?pad=${pad}`,
        JSON.stringify({ environment: "dev", check: "unit", status: "passed" }),
        bearer(token),
      ),
      "api",
      "1.0.0",
    );
    expect(answer.status).toBe(404);
    const stored = (await firstRow(t.db.select().from(deliveries)))!;
    const rita = {
      type: "user" as const,
      id: "user-rita",
      name: "Rita",
      role: "release_manager" as const,
      email: "rita@example.com",
    };
    await expect(redeliver(t.db, projectId, stored.id, rita)).rejects.toThrow(/path was longer than the stored copy/);
  });

  it("caps anonymous refusals of a project as they arrive, without pushing its real entries out", async () => {
    await createRelease();
    for (let i = 0; i < 5; i++) await result("passed", bearer(token));
    for (let i = 0; i < 1250; i++) {
      const answer = await postResult(t.db, request(`/api/releases/1.0.0/results?pad=${i}`, big, {}), "api", "1.0.0");
      expect(answer.status).toBe(401);
    }
    // Enforced every 100 entries, so at most 99 over the cap between two checks.
    expect(await anonymousRows()).toBeGreaterThanOrEqual(1000);
    expect(await anonymousRows()).toBeLessThan(1100);
    expect(await authenticatedRows()).toBe(6);
  }, 120_000);

  it("the hourly sweep holds the anonymous, per-project and global caps (here: smaller ones)", async () => {
    await createRelease();
    for (let i = 0; i < 4; i++) await result("passed", {});
    for (let i = 0; i < 4; i++) await result("passed", bearer(token));
    const pruned = await pruneDeliveryLog(t.db, { retentionDays: 30, caps: { anonymousPerProject: 2, total: 5 } });
    // Ids 1 (the release) and 6–9 authenticated, 2–5 anonymous: the anonymous cap takes 2 and 3,
    // the global one everything up to id 9 − 5, so 1 and 4.
    expect(pruned.deliveries).toBe(4);
    expect(await anonymousRows()).toBe(1);
    expect(await authenticatedRows()).toBe(4);
  });
});

describe("names over the API (item 13)", () => {
  it("refuses a version with % or a zero-width character with 422 naming the character, and writes nothing", async () => {
    for (const [version, char] of [
      ["50%", "U+0025"],
      ["1.0.0\u200b", "U+200B"],
      ["..", "dot"],
    ] as const) {
      const response = await postRelease(
        t.db,
        request("/api/releases", JSON.stringify({ version }), bearer(token)),
        "api",
      );
      expect(response.status).toBe(422);
      expect(JSON.stringify(await response.json())).toContain(char);
    }
    expect((await t.db.select().from(deliveries)).every((d) => d.outcome === "refused")).toBe(true);
  });
});

describe("GitHub signatures (item 17)", () => {
  it("are exact hex of the right length: trailing characters are refused", async () => {
    const { createHmac } = await import("node:crypto");
    const body = JSON.stringify({ zen: "hi" });
    const good = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
    const { postGitHub } = await import("./endpoints");
    const ping = (signature: string) =>
      postGitHub(
        t.db,
        request("/api/webhooks/github", body, {
          "x-github-event": "ping",
          "x-hub-signature-256": signature,
          "x-github-delivery": crypto.randomUUID(),
        }),
        "api",
      );
    expect((await ping(good)).status).toBe(200);
    expect((await ping(`${good}zz`)).status).toBe(401);
    expect((await ping(`${good}00`)).status).toBe(401);
    expect((await ping(good.slice(0, -2))).status).toBe(401);
  });
});
