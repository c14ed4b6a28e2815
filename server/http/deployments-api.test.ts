import { first as firstRow } from "../../db/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHmac } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { asc, count, eq } from "drizzle-orm";
import { deployments, outbox, projects, releases } from "../../db/schema";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { createProjectToken } from "../services/create-project-token";
import { moveRelease } from "../services/move-release";
import { retryDeployment } from "../services/retry-deployment";
import { abandonRelease } from "../services/abandon-release";
import { activeSigningSecrets } from "../queries/tokens";
import { getRelease, postDeployment, postGitHub, postGitLab, postPromote, postRelease, postResult } from "./endpoints";
import { givenProject } from "../testing/fixtures";

let t: TestDb;
let token: string;
let secret: string;
const sha = "279484c09fbe69ededfced8c1bb6e6d24616b468";
const manager = userActor("release_manager", "Rita Manager");
const hook = { webhook: { url: "https://deploy.example.com/hooks/releaseboard" } };

beforeEach(async () => {
  t = await createTestDb();
  const ctx = testContext(t.db, userActor("admin"), new Date());
  await givenProject(ctx, { slug: "search", name: "Search API" }, [
    { slug: "dev", name: "Development" },
    { slug: "staging", name: "Staging", deploy: hook },
    { slug: "production", name: "Production", autoPromote: true, deploy: hook },
  ]);
  token = (await createProjectToken({ ctx, input: { project: "search", name: "deployer", scope: "deploy" } })).token;
  const project = (await firstRow(t.db.select().from(projects).where(eq(projects.slug, "search"))))!;
  secret = (await activeSigningSecrets(t.db, project.id))[0]!;
});
afterEach(() => t.close());

const base = "http://localhost:3000/api/v1/projects/search";
const json = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify(body),
  });
const create = (version: string, commitSha = sha) =>
  postRelease(t.db, json("/releases", { version, commitSha }), "search");
const report = (version: string, body: unknown, headers: Record<string, string> = {}) =>
  postDeployment(t.db, json(`/releases/${version}/deployments`, body, headers), "search", version);
const detail = async (version: string) =>
  (await (
    await getRelease(
      t.db,
      new Request(`${base}/releases/${version}`, { headers: { authorization: `Bearer ${token}` } }),
      "search",
      version,
    )
  ).json()) as {
    environment: string;
    state: string;
    next: { gates: { gate: string; met: boolean; reason: string }[] } | null;
    deployments: { environment: string; status: string; url: string | null; description: string | null }[];
    checks: Record<string, unknown>[];
  };
const toStaging = (version: string) =>
  moveRelease({ ctx: { db: t.db, actor: manager }, input: { project: "search", version, to: "staging" } });
const deploymentCount = async () => (await firstRow(t.db.select({ n: count() }).from(deployments)))!.n;

describe("POST …/releases/{version}/deployments", () => {
  it("records queued, in progress and success; the next environment waits for it with gate deployed", async () => {
    await create("2.0.0");
    await toStaging("2.0.0");
    expect(await t.db.select().from(outbox)).toHaveLength(1);
    const waiting = await detail("2.0.0");
    expect(waiting.deployments).toEqual([expect.objectContaining({ environment: "staging", status: "requested" })]);
    expect(waiting.next!.gates.find((g) => g.gate === "deployed")).toMatchObject({
      met: false,
      reason: "waiting for the deploy to Staging to succeed",
    });

    const progress = await report("2.0.0", {
      environment: "staging",
      status: "in_progress",
      url: "https://ci.example.com/run/7",
    });
    expect(progress.status).toBe(200);
    expect(await progress.json()).toMatchObject({
      deployment: { environment: "staging", status: "in_progress", url: "https://ci.example.com/run/7" },
      release: { environment: "staging" },
    });
    const done = await report("2.0.0", {
      environment: "staging",
      status: "succeeded",
      description: "rolled out 3/3 pods",
    });
    // Production auto-promotes: the deploy's success was its last gate.
    expect(await done.json()).toMatchObject({
      deployment: { status: "succeeded", url: "https://ci.example.com/run/7", description: "rolled out 3/3 pods" },
      release: { environment: "production" },
      autoPromoted: [{ from: "staging", to: "production" }],
    });
    const after = await detail("2.0.0");
    expect(after.deployments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ environment: "staging", status: "succeeded" }),
        expect.objectContaining({ environment: "production", status: "requested" }),
      ]),
    );
    expect(await deploymentCount()).toBe(2);
  });

  it("refuses bad input with 422 and writes nothing; a repeated Idempotency-Key is answered once", async () => {
    await create("2.0.0");
    await toStaging("2.0.0");
    const bad = await report("2.0.0", { environment: "staging", status: "done" });
    expect(bad.status).toBe(422);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
    expect(await bad.json()).toMatchObject({ errors: [expect.objectContaining({ path: "status" })] });
    expect((await report("2.0.0", { environment: "nowhere", status: "failed" })).status).toBe(404);
    expect(await firstRow(t.db.select().from(deployments))).toMatchObject({ status: "requested" });

    const key = { "idempotency-key": "deploy-42" };
    const first = await report(
      "2.0.0",
      { environment: "staging", status: "failed", description: "image pull backoff" },
      key,
    );
    const again = await report(
      "2.0.0",
      { environment: "staging", status: "failed", description: "image pull backoff" },
      key,
    );
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    expect((await detail("2.0.0")).next!.gates.find((g) => g.gate === "deployed")).toMatchObject({
      met: false,
      reason: "the deploy to Staging failed: image pull backoff",
    });
  });

  it("takes a Standard Webhooks signature instead of a token", async () => {
    await create("2.0.0");
    await toStaging("2.0.0");
    const body = JSON.stringify({ environment: "staging", status: "succeeded" });
    const id = "msg_report_1";
    const signature = new Webhook(secret).sign(id, new Date(), body);
    const signed = new Request(`${base}/releases/2.0.0/deployments`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": id,
        "webhook-timestamp": String(Math.floor(Date.now() / 1000)),
        "webhook-signature": signature,
      },
      body,
    });
    const response = await postDeployment(t.db, signed, "search", "2.0.0");
    expect(response.status).toBe(200);
    expect(await firstRow(t.db.select().from(deployments))).toMatchObject({ status: "succeeded" });
  });
});

describe("token scopes (README: Security)", () => {
  const tokenOf = async (scope: "report" | "deploy" | "promote") =>
    (
      await createProjectToken({
        ctx: testContext(t.db, userActor("admin"), new Date()),
        input: { project: "search", name: `ci-${scope}`, scope },
      })
    ).token;

  it("refuses a report token's deployment report with 403 naming the scope it needs; deploy and promote may", async () => {
    await create("2.0.0");
    await toStaging("2.0.0");
    const reportAs = async (scope: "report" | "deploy" | "promote", status: string) =>
      report("2.0.0", { environment: "staging", status }, { authorization: `Bearer ${await tokenOf(scope)}` });

    const refused = await reportAs("report", "succeeded");
    expect(refused.status).toBe(403);
    const problem = (await refused.json()) as { detail: string };
    expect(problem.detail).toContain("report scope");
    expect(problem.detail).toContain("--scope deploy or --scope promote");
    expect((await detail("2.0.0")).deployments).toEqual([
      expect.objectContaining({ environment: "staging", status: "requested" }),
    ]);

    expect((await reportAs("deploy", "in_progress")).status).toBe(200);
    expect((await reportAs("promote", "succeeded")).status).toBe(200);
    expect((await detail("2.0.0")).deployments).toContainEqual(
      expect.objectContaining({ environment: "staging", status: "succeeded" }),
    );
  });

  it("lets a report token still create releases and post results, and a deploy token not move releases", async () => {
    const reporter = await tokenOf("report");
    const created = await postRelease(
      t.db,
      json("/releases", { version: "3.0.0", commitSha: sha }, { authorization: `Bearer ${reporter}` }),
      "search",
    );
    expect(created.status).toBe(201);
    const moved = await postPromote(
      t.db,
      json("/releases/3.0.0/promote", { to: "staging" }, { authorization: `Bearer ${await tokenOf("deploy")}` }),
      "search",
      "3.0.0",
    );
    expect(moved.status).toBe(403);
    expect(((await moved.json()) as { detail: string }).detail).toContain("--scope promote");
  });
});

describe("the last environment", () => {
  it("keeps the previous release live until the new one's deploy succeeds", async () => {
    const ctx = { db: t.db, actor: manager };
    for (const version of ["1.0.0", "1.1.0"]) {
      await create(version, version === "1.0.0" ? "a".repeat(40) : "b".repeat(40));
      await toStaging(version);
      await report(version, { environment: "staging", status: "succeeded" });
    }
    // 1.0.0 went to production when its staging deploy succeeded; make it live.
    await report("1.0.0", { environment: "production", status: "succeeded" });
    // 1.1.0 auto-promoted too, but production still shows 1.0.0 as live until 1.1.0's deploy succeeds.
    const state = async () =>
      Object.fromEntries(
        (await t.db.select().from(releases).orderBy(asc(releases.id))).map((r) => [r.version, r.state]),
      );
    expect((await detail("1.1.0")).environment).toBe("production");
    expect(await state()).toEqual({ "1.0.0": "active", "1.1.0": "active" });
    await report("1.1.0", { environment: "production", status: "failed", description: "health check failed" });
    expect(await state()).toEqual({ "1.0.0": "active", "1.1.0": "active" });

    // Retry deploy asks again; success then supersedes 1.0.0.
    await retryDeployment({ ctx, input: { project: "search", version: "1.1.0", environment: "production" } });
    expect((await t.db.select().from(deployments).where(eq(deployments.releaseId, 2))).at(-1)).toMatchObject({
      status: "requested",
      environmentId: 3,
    });
    await report("1.1.0", { environment: "production", status: "succeeded" });
    expect(await state()).toEqual({ "1.0.0": "superseded", "1.1.0": "active" });
    await expect(
      retryDeployment({ ctx, input: { project: "search", version: "1.1.0", environment: "production" } }),
    ).rejects.toThrow(/already deployed/);
  });
});

describe("GitHub and GitLab deployment events", () => {
  const github = (event: string, payload: unknown, query = "") => {
    const body = JSON.stringify(payload);
    return postGitHub(
      t.db,
      new Request(`${base}/webhooks/github${query}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": event,
          "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
          "x-github-delivery": crypto.randomUUID(),
        },
        body,
      }),
      "search",
    );
  };

  // The shape of GitHub's deployment_status webhook (docs: "Webhook events and payloads"); each
  // status GitHub creates has a new, larger id (a repeated id is a replay: README, Replays).
  let statusId = 2600;
  const deploymentStatus = (state: string, environment = "staging") => ({
    action: "created",
    deployment_status: {
      id: statusId++,
      state,
      description: state === "failure" ? "Deployment failed" : "",
      environment,
      target_url: "",
      log_url: "https://github.com/acme/search/actions/runs/42",
      created_at: "2026-11-29T15:00:00Z",
    },
    deployment: { id: 1200, sha, ref: "main", task: "deploy", environment, created_at: "2026-11-29T14:59:00Z" },
    repository: { full_name: "acme/search" },
  });

  it("maps deployment_status by commit SHA and environment; ?environment= overrides the name", async () => {
    await create("3.0.0");
    await toStaging("3.0.0");
    const running = await github("deployment_status", deploymentStatus("in_progress"));
    expect(running.status).toBe(200);
    expect(await running.json()).toMatchObject({
      deployment: {
        environment: "staging",
        status: "in_progress",
        url: "https://github.com/acme/search/actions/runs/42",
      },
    });
    // GitHub's environment is called "stage" here; the URL maps it.
    const failed = await github("deployment_status", deploymentStatus("failure", "stage"), "?environment=staging");
    expect(await failed.json()).toMatchObject({ deployment: { status: "failed", description: "Deployment failed" } });
    expect((await github("deployment_status", deploymentStatus("inactive"))).status).toBe(202);
    expect(
      (
        await github("deployment_status", {
          ...deploymentStatus("success"),
          deployment: { sha: "f".repeat(40), environment: "staging" },
        })
      ).status,
    ).toBe(202);
    expect((await github("deployment_status", deploymentStatus("success", "Nowhere"))).status).toBe(202);
    expect(await firstRow(t.db.select().from(deployments))).toMatchObject({ status: "failed" });
    const ok = await github("deployment_status", deploymentStatus("success", "Staging"));
    expect(await ok.json()).toMatchObject({ deployment: { environment: "staging", status: "succeeded" } });
  });

  it("maps GitLab deployment events (short SHA or commit_url)", async () => {
    await create("4.0.0");
    await toStaging("4.0.0");
    const gitlab = (payload: unknown) =>
      postGitLab(
        t.db,
        new Request(`${base}/webhooks/gitlab`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-gitlab-token": secret,
            "x-gitlab-event": "Deployment Hook",
          },
          body: JSON.stringify(payload),
        }),
        "search",
      );
    // The shape of GitLab's deployment event (docs: "Webhook events", Deployment events).
    const event = (status: string, withUrl = true) => ({
      object_kind: "deployment",
      status,
      status_changed_at: status === "running" ? "2026-11-29 15:00:00 +0000" : "2026-11-29 15:04:00 +0000",
      deployment_id: 15,
      deployable_id: 796,
      deployable_url: "https://gitlab.example.com/acme/search/-/jobs/796",
      environment: "staging",
      environment_tier: "staging",
      environment_slug: "staging",
      environment_external_url: "https://staging.example.com",
      project: { id: 30, path_with_namespace: "acme/search" },
      short_sha: sha.slice(0, 8),
      user: { name: "Administrator" },
      ...(withUrl ? { commit_url: `https://gitlab.example.com/acme/search/-/commit/${sha}` } : {}),
      commit_title: "Add new file",
    });
    const running = await gitlab(event("running", false));
    expect(await running.json()).toMatchObject({
      deployment: {
        environment: "staging",
        status: "in_progress",
        url: "https://gitlab.example.com/acme/search/-/jobs/796",
      },
    });
    const done = await gitlab(event("success"));
    expect(await done.json()).toMatchObject({
      deployment: { status: "succeeded" },
      release: { environment: "production" },
    });
  });

  it("names a workflow_run without a name by its workflow file", async () => {
    await create("5.0.0");
    const payload = {
      action: "completed",
      workflow_run: {
        id: 30433642,
        name: "",
        path: ".github/workflows/build.yml",
        head_sha: sha,
        conclusion: "success",
        html_url: "https://github.com/acme/search/actions/runs/30433642",
      },
    };
    const response = await github("workflow_run", payload);
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ check: "build.yml", status: "passed" });
  });
});

describe("result counts", () => {
  it("are numbers in the result response and in GET …/releases/{version}, null for plain JSON", async () => {
    await create("6.0.0");
    const junit = `<?xml version="1.0"?><testsuite name="unit" tests="4" failures="1" errors="0" skipped="1" time="2.5"><testcase name="a" time="1"/><testcase name="b" time="1.5"><failure message="boom"/></testcase><testcase name="c"><skipped/></testcase><testcase name="d"/></testsuite>`;
    const xml = await postResult(
      t.db,
      new Request(`${base}/releases/6.0.0/results?environment=dev&check=unit`, {
        method: "POST",
        headers: { "content-type": "application/xml", authorization: `Bearer ${token}` },
        body: junit,
      }),
      "search",
      "6.0.0",
    );
    expect(await xml.json()).toMatchObject({
      check: "unit",
      status: "failed",
      tests: 4,
      failures: 1,
      errors: 0,
      skipped: 1,
      durationMs: 2500,
    });
    const plain = await postResult(
      t.db,
      json("/releases/6.0.0/results", { environment: "dev", check: "lint", status: "passed" }),
      "search",
      "6.0.0",
    );
    expect(await plain.json()).toMatchObject({
      check: "lint",
      tests: null,
      failures: null,
      errors: null,
      skipped: null,
      durationMs: null,
    });
    const checks = (await detail("6.0.0")).checks;
    expect(checks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ check: "unit", tests: 4, failures: 1, errors: 0, skipped: 1, durationMs: 2500 }),
        expect.objectContaining({ check: "lint", tests: null, durationMs: null }),
      ]),
    );
  });
});

describe("which transitions deploy", () => {
  it("promotions, auto-promotions and rollbacks into a deploying environment do; abandon does not", async () => {
    const ctx = { db: t.db, actor: manager };
    await create("7.0.0");
    await toStaging("7.0.0");
    await report("7.0.0", { environment: "staging", status: "succeeded" }); // auto-promotes to production
    await moveRelease({ ctx, input: { project: "search", version: "7.0.0", to: "staging", reason: "bad canary" } });
    const kinds = (await t.db.select().from(outbox)).map((m) => {
      const event = JSON.parse(m.payload) as {
        environment: string;
        transition: { kind: string; from: string; reason: string | null };
      };
      return [event.environment, event.transition.kind, event.transition.from, event.transition.reason];
    });
    expect(kinds).toEqual([
      ["staging", "promote", "dev", null],
      ["production", "auto-promote", "staging", null],
      ["staging", "rollback", "production", "bad canary"],
    ]);
    // The rollback's deploy is the one that counts in Staging now.
    expect((await detail("7.0.0")).deployments.find((d) => d.environment === "staging")).toMatchObject({
      status: "requested",
    });
    await abandonRelease({ ctx, input: { project: "search", version: "7.0.0", reason: "replaced" } });
    expect(await t.db.select().from(outbox)).toHaveLength(3);
  });
});
