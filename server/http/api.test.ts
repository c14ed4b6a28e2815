import { first } from "../../db/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { createHmac } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { checkResults, deliveries, idempotencyKeys, releases, testCaseFailures, transitions } from "../../db/schema";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { givenProject, projectSecret } from "../testing/fixtures";
import { createProjectToken } from "../services/create-project-token";
import { revokeProjectToken } from "../services/revoke-project-token";
import { projects } from "../../db/schema";
import { getRelease, postGitHub, postGitLab, postPromote, postRelease, postResult } from "./endpoints";
import { verifyGitHubSignature } from "./signatures";
import { redeliver } from "./redeliver";

let t: TestDb;
let report: string;
let promote: string;
let otherProjectToken: string;
let secret: string;

beforeEach(async () => {
  t = await createTestDb();
  const ctx = testContext(t.db, userActor("admin"), new Date());
  const environments = [
    { slug: "dev", name: "Development" },
    { slug: "qa", name: "QA", autoPromote: true, requiredChecks: ["unit"] },
    { slug: "prod", name: "Production", requiredChecks: ["e2e"] },
  ];
  await givenProject(ctx, "api", environments);
  await givenProject(ctx, "other", environments);
  report = (await createProjectToken({ ctx, input: { project: "api", name: "ci" } })).token;
  promote = (await createProjectToken({ ctx, input: { project: "api", name: "deployer", scope: "promote" } })).token;
  otherProjectToken = (await createProjectToken({ ctx, input: { project: "other", name: "ci" } })).token;
  secret = (await projectSecret(t.db, "api")).secret;
});
afterEach(() => t.close());

const base = "http://localhost:3000/api/v1/projects/api";
const rows = async (
  table: Parameters<typeof t.db.select>[0] extends never
    ? never
    : typeof releases | typeof checkResults | typeof transitions | typeof deliveries | typeof idempotencyKeys,
) => (await first(t.db.select({ n: count() }).from(table)))!.n;

function send(path: string, body: unknown, headers: Record<string, string> = {}, method = "POST") {
  const payload = typeof body === "string" ? body : JSON.stringify(body);
  return new Request(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: method === "GET" ? undefined : payload,
  });
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const create = (version: string, extra: Record<string, unknown> = {}, token = report) =>
  postRelease(t.db, send("/releases", { version, ...extra }, bearer(token)), "api");

describe("POST /releases", () => {
  it("creates a release in the first environment: 201, then 200 for the same, 409 for another commit", async () => {
    const first = await create("1.0.0", { commitSha: "abc1234" });
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ version: "1.0.0", created: true, environment: "dev" });
    expect((await create("1.0.0", { commitSha: "abc1234" })).status).toBe(200);
    const clash = await create("1.0.0", { commitSha: "def5678" });
    expect(clash.status).toBe(409);
    expect(clash.headers.get("content-type")).toBe("application/problem+json");
    expect(await clash.json()).toMatchObject({
      status: 409,
      title: "Conflict",
      detail: expect.stringContaining("already exists"),
    });
    expect(await rows(releases)).toBe(1);
  });

  it("lists every field problem and writes nothing", async () => {
    const response = await postRelease(
      t.db,
      send("/releases", { version: "", commitSha: "zz", url: "ftp://x" }, bearer(report)),
      "api",
    );
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["commitSha", "url", "version"]);
    expect(await rows(releases)).toBe(0);
  });

  it("refuses bad JSON (400), a wrong media type (415) and an oversized body (413)", async () => {
    expect((await postRelease(t.db, send("/releases", "{not json", bearer(report)), "api")).status).toBe(400);
    expect(
      (
        await postRelease(
          t.db,
          send("/releases", { version: "1" }, { ...bearer(report), "content-type": "text/plain" }),
          "api",
        )
      ).status,
    ).toBe(415);
    const huge = await postRelease(
      t.db,
      send("/releases", { version: "1", notes: "x".repeat(1024 * 1024 + 10) }, bearer(report)),
      "api",
    );
    expect(huge.status).toBe(413);
    expect(await rows(releases)).toBe(0);
  });
});

describe("authentication", () => {
  it("refuses no credentials, a made-up token, a revoked token and another project's token", async () => {
    expect((await postRelease(t.db, send("/releases", { version: "1" }), "api")).status).toBe(401);
    expect((await create("1", {}, "rb_madeup")).status).toBe(401);
    expect((await create("1", {}, otherProjectToken)).status).toBe(401);
    const ctx = testContext(t.db, userActor("admin"));
    const row = await createProjectToken({ ctx, input: { project: "api", name: "old" } });
    await revokeProjectToken({ ctx, input: { project: "api", id: row.id } });
    expect((await create("1", {}, row.token)).status).toBe(401);
    expect(await rows(releases)).toBe(0);
  });

  it("accepts a Standard Webhooks signature made by the reference implementation, within 5 minutes", async () => {
    const body = JSON.stringify({ version: "2.0.0" });
    const signer = new Webhook(secret);
    const sign = (id: string, at: Date) => ({
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": signer.sign(id, at, body),
    });
    const ok = await postRelease(t.db, send("/releases", body, sign("msg_1", new Date())), "api");
    expect(ok.status).toBe(201);
    const stale = await postRelease(
      t.db,
      send("/releases", JSON.stringify({ version: "2.0.1" }), sign("msg_2", new Date(Date.now() - 6 * 60_000))),
      "api",
    );
    expect(stale.status).toBe(401);
    const future = await postRelease(
      t.db,
      send("/releases", JSON.stringify({ version: "2.0.1" }), sign("msg_3", new Date(Date.now() + 6 * 60_000))),
      "api",
    );
    expect(future.status).toBe(401);
    // A signature over another body does not pass.
    const tampered = await postRelease(
      t.db,
      send("/releases", JSON.stringify({ version: "2.0.2" }), sign("msg_4", new Date())),
      "api",
    );
    expect(tampered.status).toBe(401);
    // Several signatures (during a rotation): any valid one passes.
    const headers = sign("msg_5", new Date());
    const body5 = JSON.stringify({ version: "2.0.5" });
    headers["webhook-signature"] =
      `v1,${Buffer.from("nonsense").toString("base64")} ${signer.sign("msg_5", new Date(Number(headers["webhook-timestamp"]) * 1000), body5)}`;
    expect((await postRelease(t.db, send("/releases", body5, headers), "api")).status).toBe(201);
  });

  it("verifies GitHub's published X-Hub-Signature-256 test vector", () => {
    const raw = Buffer.from("Hello, World!");
    const header = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    expect(verifyGitHubSignature(raw, header, ["It's a Secret to Everybody"])).toBe(true);
    expect(verifyGitHubSignature(raw, header, ["another secret"])).toBe(false);
  });
});

describe("results", () => {
  it("records a JSON result and says where the release went", async () => {
    await create("3.0.0");
    const response = await postResult(
      t.db,
      send("/releases/3.0.0/results", { environment: "dev", check: "unit", status: "passed" }, bearer(report)),
      "api",
      "3.0.0",
    );
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      check: "unit",
      status: "passed",
      autoPromoted: true,
      promotedTo: "qa",
      release: { environment: "qa" },
    });
  });

  it("reads a JUnit report: counts from the test cases, failing cases kept, non-ASCII intact", async () => {
    await create("3.1.0");
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="99" failures="0">
  <testsuite name="outer"><testsuite name="inner">
    <testcase classname="cart.Spec" name="adds an item" time="0.5"/>
    <testcase classname="cart.Spec" name="prüft die Größe ✓" time="0.25"><failure message="expected 2 got 3">AssertionError: expected 2 got 3
    at cart.spec.ts:10</failure></testcase>
    <testcase classname="cart.Spec" name="crashes"><error message="boom"/></testcase>
    <testcase classname="cart.Spec" name="later"><skipped/></testcase>
  </testsuite></testsuite>
</testsuites>`;
    const request = new Request(`${base}/releases/3.1.0/results?environment=dev&check=unit`, {
      method: "POST",
      headers: { "content-type": "application/xml", ...bearer(report) },
      body: xml,
    });
    const response = await postResult(t.db, request, "api", "3.1.0");
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ status: "failed", autoPromoted: false });
    const stored = (await first(t.db.select().from(checkResults)))!;
    expect(stored).toMatchObject({ tests: 4, failures: 1, errors: 1, skipped: 1, durationMs: 750 });
    const cases = await t.db.select().from(testCaseFailures);
    expect(cases.map((c) => [c.name, c.kind, c.message])).toEqual([
      ["prüft die Größe ✓", "failure", "expected 2 got 3"],
      ["crashes", "error", "boom"],
    ]);
    expect(cases[0]!.details).toContain("at cart.spec.ts:10");
  });

  it("refuses XML with entity tricks, an empty report counts as failed, and non-JUnit XML is 422", async () => {
    await create("3.2.0");
    const post = (xml: string) =>
      postResult(
        t.db,
        new Request(`${base}/releases/3.2.0/results?environment=dev&check=unit`, {
          method: "POST",
          headers: { "content-type": "text/xml", ...bearer(report) },
          body: xml,
        }),
        "api",
        "3.2.0",
      );
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><testsuite>&lol2;</testsuite>`;
    expect((await post(bomb)).status).toBe(400);
    expect((await post("<html><body/></html>")).status).toBe(422);
    expect((await post("<testsuite><testcase name='x'>")).status).toBe(400);
    expect(await rows(checkResults)).toBe(0);
    const empty = await post(`<testsuite name="none"/>`);
    expect(empty.status).toBe(201);
    expect(await first(t.db.select().from(checkResults))).toMatchObject({
      status: "failed",
      summary: "The report has no test cases",
    });
  });

  it("needs ?environment= and ?check= for a JUnit report", async () => {
    await create("3.3.0");
    const response = await postResult(
      t.db,
      new Request(`${base}/releases/3.3.0/results`, {
        method: "POST",
        headers: { "content-type": "application/xml", ...bearer(report) },
        body: "<testsuite/>",
      }),
      "api",
      "3.3.0",
    );
    expect(response.status).toBe(422);
    expect((await response.json()).errors.map((e: { path: string }) => e.path)).toEqual(["environment", "check"]);
  });
});

describe("idempotency", () => {
  it("processes ten simultaneous copies of a delivery once and answers each with the first response", async () => {
    await create("4.0.0");
    const copies = await Promise.all(
      Array.from({ length: 10 }, () =>
        postResult(
          t.db,
          send(
            "/releases/4.0.0/results",
            { environment: "dev", check: "unit", status: "failed" },
            { ...bearer(report), "idempotency-key": "run-42" },
          ),
          "api",
          "4.0.0",
        ),
      ),
    );
    expect(copies.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(copies.filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(9);
    const bodies = await Promise.all(copies.map((r) => r.json()));
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(await rows(checkResults)).toBe(1);
    expect(await rows(deliveries)).toBeGreaterThanOrEqual(11);
  });
});

describe("send again", () => {
  it("re-runs a stored delivery on a person's authority: a result for a release CI had not created yet", async () => {
    const early = await postResult(
      t.db,
      send("/releases/9.0.0/results", { environment: "dev", check: "unit", status: "passed" }, bearer(report)),
      "api",
      "9.0.0",
    );
    expect(early.status).toBe(404);
    await create("9.0.0");
    const stored = (await first(t.db.select().from(deliveries).where(eq(deliveries.statusCode, 404))))!;
    expect(stored.path).toBe("/api/v1/projects/api/releases/9.0.0/results");
    const project = (await first(t.db.select().from(projects).where(eq(projects.slug, "api"))))!;
    const again = await redeliver(t.db, project.id, stored.id, userActor("release_manager", "Rita"));
    expect(again).toMatchObject({ status: 201, body: { check: "unit", status: "passed", promotedTo: "qa" } });
    expect(await first(t.db.select().from(checkResults))).toMatchObject({ actorName: "Rita" });
    await expect(redeliver(t.db, project.id, stored.id, userActor("viewer"))).resolves.toMatchObject({ status: 403 });
  });
});

describe("promote", () => {
  it("needs the promote scope, refuses failing gates with reasons (422) and stale moves (409)", async () => {
    await create("5.0.0");
    const move = (token: string, body: unknown) =>
      postPromote(t.db, send("/releases/5.0.0/promote", body, bearer(token)), "api", "5.0.0");
    expect((await move(report, { to: "qa" })).status).toBe(403);
    const refused = await move(promote, { to: "qa", from: "dev" });
    expect(refused.status).toBe(422);
    expect((await refused.json()).gates).toEqual([
      expect.objectContaining({ gate: "checks", reason: "check unit has no result in Development yet" }),
    ]);
    await postResult(
      t.db,
      send("/releases/5.0.0/results", { environment: "dev", check: "unit", status: "passed" }, bearer(report)),
      "api",
      "5.0.0",
    );
    expect((await move(promote, { to: "qa", from: "dev" })).status).toBe(409);
    await postResult(
      t.db,
      send("/releases/5.0.0/results", { environment: "qa", check: "e2e", status: "passed" }, bearer(report)),
      "api",
      "5.0.0",
    );
    const ok = await move(promote, { to: "prod", from: "qa" });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      transition: { kind: "promote", from: "qa", to: "prod" },
      release: { environment: "prod" },
    });
  });
});

describe("GET /releases/{version}", () => {
  it("says where the release is and why it cannot move yet", async () => {
    await create("6.0.0");
    const response = await getRelease(t.db, send("/releases/6.0.0", null, bearer(report), "GET"), "api", "6.0.0");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      environment: "dev",
      next: {
        environment: "qa",
        ready: false,
        gates: [
          expect.objectContaining({ gate: "order", met: true }),
          expect.objectContaining({ gate: "checks", met: false }),
        ],
      },
    });
    expect((await getRelease(t.db, send("/releases/nope", null, bearer(report), "GET"), "api", "nope")).status).toBe(
      404,
    );
  });
});

describe("GitHub and GitLab", () => {
  const github = (event: string, payload: unknown, key = secret, query = "") => {
    const body = JSON.stringify(payload);
    const signature = `sha256=${createHmac("sha256", key).update(body).digest("hex")}`;
    return postGitHub(
      t.db,
      new Request(`${base}/webhooks/github${query}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": event,
          "x-hub-signature-256": signature,
          "x-github-delivery": crypto.randomUUID(),
        },
        body,
      }),
      "api",
    );
  };

  it("answers ping, turns a completed workflow_run into a result, and ignores the rest with 202", async () => {
    expect((await github("ping", { zen: "hi" })).status).toBe(200);
    await create("7.0.0", { commitSha: "a1b2c3d4e5f6" });
    const run = (conclusion: string, action = "completed") => ({
      action,
      workflow_run: { name: "unit", head_sha: "A1B2C3D4E5F6", conclusion },
    });
    expect((await github("workflow_run", run("success", "requested"))).status).toBe(202);
    expect((await github("push", {})).status).toBe(202);
    expect(
      (
        await github("workflow_run", {
          action: "completed",
          workflow_run: { name: "unit", head_sha: "ffffff1", conclusion: "success" },
        })
      ).status,
    ).toBe(202);
    expect(await rows(checkResults)).toBe(0);
    const done = await github("workflow_run", run("success"));
    expect(done.status).toBe(201);
    expect(await done.json()).toMatchObject({ status: "passed", environment: "dev", promotedTo: "qa" });
    const checkRun = await github("check_run", {
      action: "completed",
      check_run: { name: "e2e", head_sha: "a1b2c3d4e5f6", conclusion: "timed_out" },
    });
    expect(await checkRun.json()).toMatchObject({ check: "e2e", status: "failed", environment: "qa" });
    expect((await github("workflow_run", run("success"), "wrong secret")).status).toBe(401);
    const logged = (await t.db.select().from(deliveries)).map((d) => d.outcome);
    expect(logged).toEqual(expect.arrayContaining(["accepted", "ignored", "refused"]));
  });

  it("takes GitLab pipeline and job events with X-Gitlab-Token", async () => {
    await create("8.0.0", { commitSha: "0123456789ab" });
    const gitlab = (payload: unknown, token = secret) =>
      postGitLab(
        t.db,
        new Request(`${base}/webhooks/gitlab`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-gitlab-token": token },
          body: JSON.stringify(payload),
        }),
        "api",
      );
    expect(
      (await gitlab({ object_kind: "pipeline", object_attributes: { status: "success", sha: "0123456789ab" } }, "nope"))
        .status,
    ).toBe(401);
    const job = await gitlab({
      object_kind: "build",
      build_status: "success",
      build_name: "unit",
      sha: "0123456789ab",
    });
    expect(await job.json()).toMatchObject({ check: "unit", status: "passed", promotedTo: "qa" });
    expect((await gitlab({ object_kind: "push" })).status).toBe(202);
  });
});
